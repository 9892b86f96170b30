/** The demo report's chart: step lines of what AWS showed after each entry, and a mark per trigger. */
import { worldChart } from '../../../infra/local/demo/chart';
import type { DemoRun, EntryKind, TimelineEntry, WorldSample } from '../../../infra/local/demo/journal';

function entry(at: string, kind: EntryKind, world?: WorldSample): TimelineEntry {
  return { at, kind, title: `${kind} at ${at}`, route: '', invocations: [], alerts: [], slackPosts: [], slackEdits: [], ...(world ? { world } : {}) };
}

function run(entries: TimelineEntry[][]): DemoRun {
  return {
    startedAt: '2026-12-02T08:00:00.000Z',
    durationMs: 10_000,
    passed: true,
    setup: { endpoint: '', slackCapture: '', policyFile: '', motoStartMs: 0, rules: [], notes: [] },
    scenes: entries.map((e, i) => ({ number: i + 1, title: `scene ${i + 1}`, expect: '', entries: e, checks: [], passed: true, durationMs: 5_000 })),
  };
}

describe('worldChart', () => {
  it('draws one step line per quantity, a mark per trigger (not per wait) and a line per scene', () => {
    const svg = worldChart(
      run([
        [entry('2026-12-02T08:00:00.000Z', 'schedule', { desiredCapacity: 6, readReplicas: 2, auroraReaders: 0 })],
        [entry('2026-12-02T08:00:05.000Z', 'wait', { desiredCapacity: 6, readReplicas: 2, auroraReaders: 0 }), entry('2026-12-02T08:00:10.000Z', 'alarm', { desiredCapacity: 12, readReplicas: 3, auroraReaders: 1 })],
      ]),
    );

    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg.match(/class="trigger"/g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    // desired capacity: 6 then 12, on an axis up to 12 — the line ends at the top of the plot.
    expect(svg).toMatch(/<path d="M44\.0 \d+\.\d H\d+\.\d V\d+\.\d H1084\.0 V28\.0" fill="none" stroke="#0969da"/);
    expect(svg).toContain('<title>08:00:10 alarm: alarm at 2026-12-02T08:00:10.000Z</title>'.replace('08:00:10', new Date('2026-12-02T08:00:10.000Z').toTimeString().slice(0, 8)));
  });

  it('is empty for a run that sampled nothing', () => {
    expect(worldChart(run([[entry('2026-12-02T08:00:00.000Z', 'alarm')]]))).toBe('');
  });
});
