/**
 * The run as one self-contained HTML page (inline CSS, no scripts, nothing fetched): the
 * summary table, then each scene's timeline with its decisions, every alert as a Slack-like
 * card rendered from the posted blocks beside the email subscribers get, and the checks.
 */
import { changeLines } from '../../../functions/alerts/email-text';
import { incidentShortId } from '../../../functions/alerts/slack-blocks';
import type { StepSummary } from '../../../functions/runner/summary';
import type { AlertRecord, CheckRecord, DemoRun, InvocationRecord, SceneRecord, SetupRecord, SlackEdit, TimelineEntry } from './journal';
import { worldChart } from './chart';
import { slackHtml } from './slack-text';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --info: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 8px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
.verdict { font-weight: 600; } .pass { color: var(--ok); } .fail { color: var(--bad); }
.muted, .route, .detail { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; } dt { font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.first td { border-top: 2px solid var(--line); }
pre, code { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; white-space: pre-wrap; margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 12px 0; }
.entry { display: grid; grid-template-columns: 72px 1fr; gap: 12px; padding: 10px 0; border-top: 1px dashed var(--line); }
.entry .when { font-family: ui-monospace, monospace; color: var(--info); }
.entry .title { font-weight: 600; }
ul.decisions { list-style: none; padding: 0; margin: 6px 0; }
ul.decisions li { margin: 4px 0; padding-left: 96px; text-indent: -96px; }
.outcome { display: inline-block; width: 88px; text-indent: 0; font-weight: 600; }
.o-done { color: var(--ok); } .o-skipped { color: var(--warn); } .o-failed, .o-rejected, .o-error { color: var(--bad); } .o-duplicate { color: var(--muted); } .o-alerted { color: #8250df; }
.change { font-weight: 600; }
.alert { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; margin: 10px 0; }
.slack { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 6px; padding: 10px 14px; font-family: Lato, "Slack-Lato", "Helvetica Neue", Arial, sans-serif; font-size: 15px; }
.slack.sev-warning { border-left-color: #e3b341; } .slack.sev-critical { border-left-color: var(--bad); }
.slack .app { font-weight: 900; } .slack .app span { font-size: 10px; font-weight: 700; background: #e8e8e8; color: #616061; border-radius: 2px; padding: 0 3px; margin-left: 4px; vertical-align: 2px; }
.sl-header { font-size: 18px; font-weight: 900; margin: 6px 0; }
.sl-section { margin: 6px 0; } .sl-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 6px; }
.sl-context { color: #616061; font-size: 12px; margin: 6px 0; } .sl-context span + span::before { content: " · "; }
.slack code { color: #c01343; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 0 2px; }
.sl-button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 2px 10px; margin: 4px 6px 0 0; color: #1d1c1d; font-weight: 700; font-size: 13px; text-decoration: none; }
.email .subject { font-weight: 600; margin-bottom: 4px; }
.thread { color: #616061; font-size: 12px; margin-bottom: 4px; }
.alert.reply { margin-left: 36px; padding-left: 10px; border-left: 2px solid #d0d7de; }
.alert.edit .slack { background: #fbfbf3; }
ul.checks { list-style: none; padding: 0; margin: 8px 0 0; }
svg.chart { width: 100%; height: auto; }
`;

function badge(passed: boolean): string {
  return passed ? '<span class="pass">✓</span>' : '<span class="fail">✗</span>';
}

function setupSection(setup: SetupRecord): string {
  const rules = setup.rules
    .map((r) => `<dt>${esc(r.name)}</dt><dd>→ ${esc(r.function)}, for ${esc(r.policyRules.join(', '))}<pre>${esc(JSON.stringify(r.pattern, null, 2))}</pre></dd>`)
    .join('');
  return `<section><h2>Setup</h2><dl>
<dt>embedded AWS</dt><dd>moto at ${esc(setup.endpoint)}</dd>
<dt>Slack</dt><dd>a stand-in at ${esc(setup.slackCapture)} for the Slack Web API (chat.postMessage, chat.update)</dd>
<dt>policy</dt><dd>${esc(setup.policyFile)}</dd>
${rules}</dl>${setup.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('')}</section>`;
}

function summarySection(run: DemoRun): string {
  const rows = run.scenes.flatMap((scene) => {
    const checks: CheckRecord[] = scene.error ? [...scene.checks, { label: 'the scene ran to its end', expected: 'yes', observed: scene.error, passed: false }] : scene.checks;
    return checks.map(
      (c, i) =>
        `<tr${i === 0 ? ' class="first"' : ''}><td>${i === 0 ? `<a href="#scene-${scene.number}">${scene.number}. ${esc(scene.title)}</a>` : ''}</td>` +
        `<td>${esc(c.label)}</td><td>${esc(c.expected)}</td><td>${esc(c.observed)}</td><td>${badge(c.passed)}</td></tr>`,
    );
  });
  return `<section><h2>Summary</h2><table><thead><tr><th>step</th><th>check</th><th>expected</th><th>observed</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function decision(step: StepSummary): string {
  const changes = step.before ? changeLines({ before: step.before, after: step.after ?? {} }).filter((l) => l.includes('→')) : [];
  return (
    `<li><span class="outcome o-${step.outcome}">${esc(step.outcome)}</span>${esc(step.step)}${step.rule !== '-' ? ` · rule ${esc(step.rule)}` : ''}` +
    `<div>${esc(step.reason)}</div>${changes.length ? `<div class="change">${esc(changes.join(', '))}</div>` : ''}</li>`
  );
}

function invocationItems(invocation: InvocationRecord): string[] {
  const items: string[] = [];
  if (invocation.error) {
    const then = invocation.gaveUp ? 'gave up: in AWS the event would wait in the on-failure queue' : 'Lambda retries it';
    items.push(`<li><span class="outcome o-error">error</span>${esc(invocation.function)} failed (attempt ${invocation.attempt}; ${then}): ${esc(invocation.error)}</li>`);
  }
  for (const r of invocation.summary?.rejected ?? []) {
    items.push(`<li><span class="outcome o-rejected">rejected</span>${esc(r.shape)}<div>${esc(r.reason)}</div></li>`);
  }
  items.push(...(invocation.summary?.steps ?? []).map(decision));
  return items;
}

/** Where the message sits in the channel: "thread root" or "↳ reply in the thread of <root ts>". */
function threadLabel(thread: AlertRecord['thread'], incident: string): string {
  if (!thread) return '';
  const where = thread.threadTs ? `↳ reply in the thread of ${thread.threadTs}` : `thread root ${thread.ts}`;
  return `<div class="thread">${esc(where)} · incident #${incidentShortId(incident)}</div>`;
}

function alertCard({ alert, slack, thread, emailSubject, emailText }: AlertRecord): string {
  const card = slack
    ? `<div class="slack sev-${alert.severity}">${threadLabel(thread, alert.incident)}<div class="app">ops-autopilot<span>APP</span></div>${slackHtml(slack)}</div>`
    : `<div class="slack sev-critical"><b>slack-notifier posted nothing for this alert</b></div>`;
  const email = `<div class="email"><div class="subject">✉ ${esc(emailSubject)}</div><pre>${esc(emailText)}</pre></div>`;
  return `<div class="alert${thread?.threadTs ? ' reply' : ''}">${card}${email}</div>`;
}

/** A root redrawn with chat.update: shown where it happened, under the thread it closes. */
function editCard(edit: SlackEdit): string {
  const card = `<div class="slack"><div class="thread">✎ chat.update of the thread root ${esc(edit.ts)}</div><div class="app">ops-autopilot<span>APP</span></div>${slackHtml(edit.message)}</div>`;
  return `<div class="alert reply edit">${card}<div></div></div>`;
}

function entryItem(entry: TimelineEntry): string {
  const decisions = entry.invocations.flatMap(invocationItems);
  return `<li class="entry"><div class="when">${clock(entry.at)}</div><div>
<div class="title">${esc(entry.title)}</div>
${entry.route ? `<div class="route">${esc(entry.route)}</div>` : ''}${entry.detail ? `<div class="detail">${esc(entry.detail)}</div>` : ''}
${decisions.length ? `<ul class="decisions">${decisions.join('')}</ul>` : ''}
${entry.alerts.map(alertCard).join('')}${entry.slackEdits.map(editCard).join('')}</div></li>`;
}

function sceneSection(scene: SceneRecord): string {
  const checks = scene.checks.map((c) => `<li>${badge(c.passed)} ${esc(c.label)}: ${esc(c.observed)}${c.passed ? '' : ` <span class="fail">(expected ${esc(c.expected)})</span>`}</li>`);
  if (scene.error) checks.push(`<li>${badge(false)} the scene stopped: ${esc(scene.error)}</li>`);
  return `<section id="scene-${scene.number}"><h2>${badge(scene.passed)} ${scene.number}. ${esc(scene.title)}</h2>
<p><b>Expect:</b> ${esc(scene.expect)}</p>
<ol class="timeline">${scene.entries.map(entryItem).join('')}</ol>
<ul class="checks">${checks.join('')}</ul></section>`;
}

function chartSection(run: DemoRun): string {
  const chart = worldChart(run);
  return chart ? `<section><h2>Capacity and replicas over the run</h2><p class="muted">Sampled after every step of every scene; the dots are the triggers (hover for each), the dashed lines the scenes.</p>${chart}</section>` : '';
}

export function renderHtmlReport(run: DemoRun): string {
  const verdict = run.passed
    ? `<p class="verdict pass">✓ Every expected outcome held: ${run.scenes.length} scenes in ${(run.durationMs / 1000).toFixed(1)} s</p>`
    : `<p class="verdict fail">✗ ${run.scenes.filter((s) => !s.passed).length} of ${run.scenes.length} scenes did not go as expected</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ops-autopilot demo, ${esc(run.startedAt)}</title><style>${STYLE}</style></head>
<body><main>
<h1>ops-autopilot demo: a bad day, handled on the embedded AWS</h1>
<p class="muted">Run started ${esc(run.startedAt)}</p>${verdict}
${summarySection(run)}
${chartSection(run)}
${run.scenes.map(sceneSection).join('\n')}
${setupSection(run.setup)}
</main></body></html>
`;
}
