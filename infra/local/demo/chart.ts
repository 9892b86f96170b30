/**
 * The report's chart: desired capacity of web-asg, app-db's read replicas and orders-aurora's
 * readers over the run, as step lines sampled after every timeline entry, with each trigger
 * marked on the time axis and each scene's start drawn. Inline SVG, no script.
 */
import type { DemoRun, EntryKind, WorldSample } from './journal';

const WIDTH = 1100;
const HEIGHT = 300;
const PAD = { left: 44, right: 16, top: 28, bottom: 58 };

const SERIES: { key: keyof WorldSample; label: string; colour: string }[] = [
  { key: 'desiredCapacity', label: 'web-asg desired capacity', colour: '#0969da' },
  { key: 'readReplicas', label: 'app-db read replicas', colour: '#1a7f37' },
  { key: 'auroraReaders', label: 'orders-aurora readers', colour: '#8250df' },
];

const MARKS: Record<EntryKind, string> = {
  schedule: '#9a6700',
  alarm: '#cf222e',
  'rds-event': '#bc4c00',
  redelivery: '#57606a',
  parameter: '#57606a',
  direct: '#57606a',
  reconcile: '#0969da',
  wait: 'none',
};

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Point {
  at: number;
  world: WorldSample;
  kind: EntryKind;
  title: string;
  scene: number;
}

function pointsOf(run: DemoRun): Point[] {
  return run.scenes.flatMap((scene) =>
    scene.entries.flatMap((entry) => (entry.world ? [{ at: Date.parse(entry.at), world: entry.world, kind: entry.kind, title: entry.title, scene: scene.number }] : [])),
  );
}

/** An empty string when the run sampled nothing (a run that stopped before its first entry). */
export function worldChart(run: DemoRun): string {
  const points = pointsOf(run);
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return '';
  const span = Math.max(1, last.at - first.at);
  const top = Math.max(1, ...points.flatMap((p) => SERIES.map((s) => p.world[s.key])));
  const x = (at: number) => PAD.left + ((at - first.at) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => HEIGHT - PAD.bottom - (value / top) * (HEIGHT - PAD.top - PAD.bottom);
  const axis = HEIGHT - PAD.bottom;

  const lines = SERIES.map(({ key, label, colour }) => {
    // A value holds until the next sample: a step line.
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'H'}${x(p.at).toFixed(1)}${i === 0 ? ` ${y(p.world[key]).toFixed(1)}` : ` V${y(p.world[key]).toFixed(1)}`}`).join(' ');
    return `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"><title>${esc(label)}</title></path>`;
  });
  const ticks = Array.from({ length: top + 1 }, (_, v) => v)
    .filter((v) => top <= 12 || v % 2 === 0)
    .map((v) => `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eaeef2"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  const scenes = [...new Map(points.map((p) => [p.scene, p.at])).entries()].map(
    ([scene, at]) => `<line x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="${PAD.top - 8}" y2="${axis}" stroke="#d0d7de" stroke-dasharray="3 3"/><text x="${(x(at) + 3).toFixed(1)}" y="${PAD.top - 10}">${scene}</text>`,
  );
  const marks = points
    .filter((p) => MARKS[p.kind] !== 'none')
    .map((p) => `<circle class="trigger" cx="${x(p.at).toFixed(1)}" cy="${axis + 12}" r="4" fill="${MARKS[p.kind]}"><title>${esc(`${new Date(p.at).toTimeString().slice(0, 8)} ${p.kind}: ${p.title}`)}</title></circle>`);
  const legend = [...SERIES.map((s) => ({ label: s.label, colour: s.colour, line: true })), ...(['alarm', 'schedule', 'rds-event', 'reconcile'] as const).map((k) => ({ label: k === 'rds-event' ? 'RDS event' : k, colour: MARKS[k], line: false }))].map(
    (item, i) => {
      const lx = PAD.left + i * 150;
      const symbol = item.line ? `<line x1="${lx}" x2="${lx + 18}" y1="${HEIGHT - 14}" y2="${HEIGHT - 14}" stroke="${item.colour}" stroke-width="2"/>` : `<circle cx="${lx + 9}" cy="${HEIGHT - 14}" r="4" fill="${item.colour}"/>`;
      return `${symbol}<text x="${lx + 24}" y="${HEIGHT - 10}">${esc(item.label)}</text>`;
    },
  );
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Capacity and replicas over the run" xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="ui-monospace, monospace" fill="#57606a">
${ticks.join('')}${scenes.join('')}<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${axis}" y2="${axis}" stroke="#57606a"/>
${lines.join('')}${marks.join('')}${legend.join('')}</svg>`;
}
