/**
 * The demo's terminal output: a timeline per scene (time, trigger, each decision with its
 * reason and before → after, each alert as Slack shows it and its email subject), progress
 * while time passes, the checks, and a closing table. Colours and an in-place progress line
 * only on a terminal, and never with NO_COLOR set; plain lines otherwise (CI logs, pipes).
 */
import { changeLines } from '../../../functions/alerts/email-text';
import { createStyle, shouldColor, type Style as CliStyle, type StyleName } from '../../../functions/cli/style';
import type { Severity } from '../../../functions/model/vocabulary';
import type { StepSummary } from '../../../functions/runner/summary';
import type { CheckRecord, DemoReporter, DemoRun, EntryKind, InvocationRecord, ReportFiles, SceneRecord, SetupRecord, TimelineEntry } from './journal';
import { slackLines } from './slack-text';

type Style = StyleName;

export interface ConsoleOptions {
  write(text: string): void;
  /** Colours and the in-place progress line. */
  interactive: boolean;
  /** Characters per line for the closing table. */
  columns: number;
}

/** Colours and in-place updates for a terminal, unless NO_COLOR asks for none (https://no-color.org). */
export function consoleOptionsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ConsoleOptions {
  return {
    write: (text) => void stream.write(text),
    interactive: shouldColor(stream.isTTY, env),
    columns: Math.min(160, Math.max(100, stream.columns ?? 120)),
  };
}

const ICONS: Record<EntryKind, string> = {
  schedule: '⏰',
  alarm: '🔔',
  'rds-event': '🛢',
  redelivery: '↻',
  parameter: '🔧',
  direct: '▶',
  reconcile: '⟳',
  wait: '⏳',
};

const OUTCOME_STYLE: Record<StepSummary['outcome'], { mark: string; style: Style }> = {
  done: { mark: '✓', style: 'green' },
  skipped: { mark: '–', style: 'yellow' },
  failed: { mark: '✗', style: 'red' },
  'dry-run': { mark: '~', style: 'cyan' },
  duplicate: { mark: '=', style: 'dim' },
  alerted: { mark: '!', style: 'magenta' },
  unfinished: { mark: '…', style: 'yellow' },
};

const SEVERITY_STYLE: Record<Severity, Style> = { info: 'blue', warning: 'yellow', critical: 'red' };

const MARGIN = '  ';
const INDENT = ' '.repeat(12);

const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/** Words of `text` in lines of at most `width` characters; a longer word is cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      for (let rest = word; rest; ) {
        const room = line ? width - line.length - 1 : width;
        if (rest.length <= room) {
          line = line ? `${line} ${rest}` : rest;
          rest = '';
        } else if (line) {
          lines.push(line);
          line = '';
        } else {
          lines.push(rest.slice(0, width));
          rest = rest.slice(width);
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

export class ConsoleReporter implements DemoReporter {
  /** The wait whose progress line is on screen (terminal) or was announced (plain). */
  private waitingFor: string | undefined;

  private readonly style: CliStyle;

  constructor(private readonly options: ConsoleOptions) {
    this.style = createStyle(options.interactive);
  }

  private paint(style: Style, text: string): string {
    return this.style[style](text);
  }

  private line(text = ''): void {
    this.clearProgress();
    this.options.write(`${text}\n`);
  }

  private clearProgress(): void {
    if (this.options.interactive && this.waitingFor !== undefined) this.options.write('\r\x1b[2K');
  }

  setup(setup: SetupRecord): void {
    this.line(this.paint('bold', 'ops-autopilot demo: a bad day, handled on the embedded AWS'));
    this.line(`${MARGIN}embedded AWS   moto at ${setup.endpoint} (up in ${(setup.motoStartMs / 1000).toFixed(1)} s)`);
    this.line(`${MARGIN}Slack          a stand-in at ${setup.slackCapture} for the Slack Web API (chat.postMessage, chat.update)`);
    this.line(`${MARGIN}policy         ${setup.policyFile}`);
    for (const rule of setup.rules) {
      this.line(`${MARGIN}EventBridge    rule ${rule.name} → ${rule.function} (for ${rule.policyRules.join(', ')})`);
    }
    for (const note of setup.notes) this.line(this.paint('dim', `${MARGIN}${note}`));
  }

  sceneStarted(scene: SceneRecord, total: number): void {
    const title = `── ${scene.number}/${total} ${scene.title} `;
    this.line();
    this.line(this.paint('bold', title.padEnd(Math.min(this.options.columns, 100), '─')));
    this.line(`${MARGIN}${this.paint('dim', 'expect')}  ${scene.expect}`);
  }

  entry(entry: TimelineEntry): void {
    if (entry.kind === 'wait') return this.waited(entry);
    this.line();
    this.line(`${MARGIN}${this.paint('cyan', clock(entry.at))}  ${ICONS[entry.kind]} ${this.paint('bold', entry.title)}`);
    if (entry.route) this.line(`${INDENT}${this.paint('dim', entry.route)}`);
    if (entry.detail) this.line(`${INDENT}${this.paint('dim', entry.detail)}`);
    for (const invocation of entry.invocations) this.invocation(invocation);
    for (const { alert, slack, thread, emailSubject } of entry.alerts) {
      const bar = this.paint(SEVERITY_STYLE[alert.severity], '┃');
      const lines = slack ? slackLines(slack) : [this.paint('red', 'slack-notifier posted nothing for this alert')];
      // A reply is drawn under its root's thread, as Slack nests it.
      const label = thread?.threadTs ? 'Slack ↳' : 'Slack  ';
      lines.forEach((text, i) => this.line(`${INDENT}${i === 0 ? label : '       '}${bar} ${i === 0 ? this.paint('bold', text) : text}`));
      this.line(`${INDENT}Email ✉ ${emailSubject}`);
    }
    for (const edit of entry.slackEdits) {
      this.line(`${INDENT}Slack ✎ root ${edit.ts} edited: ${slackLines(edit.message)[0] ?? ''}`);
    }
    const paired = new Set(entry.alerts.map((a) => a.slack));
    for (const post of entry.slackPosts.filter((p) => !paired.has(p))) {
      slackLines(post).forEach((text, i) => this.line(`${INDENT}${i === 0 ? 'Slack  ' : '       '}┃ ${text}`));
    }
  }

  private invocation(invocation: InvocationRecord): void {
    if (invocation.error) {
      const then = invocation.gaveUp ? 'gave up: in AWS the event would wait in the on-failure queue' : 'Lambda retries it';
      this.line(`${INDENT}${this.paint('red', `✗ ${invocation.function} failed (attempt ${invocation.attempt}; ${then})`)}: ${invocation.error}`);
    }
    for (const rejection of invocation.summary?.rejected ?? []) {
      this.line(`${INDENT}${this.paint('yellow', '✗ rejected'.padEnd(12))}${rejection.shape}`);
      this.line(`${INDENT}${' '.repeat(12)}${rejection.reason}`);
    }
    for (const step of invocation.summary?.steps ?? []) this.decision(step);
  }

  private decision(step: StepSummary): void {
    const { mark, style } = OUTCOME_STYLE[step.outcome];
    const pad = `${INDENT}${' '.repeat(12)}`;
    this.line(`${INDENT}${this.paint(style, `${mark} ${step.outcome}`.padEnd(12))}${step.step}${step.rule !== '-' ? ` · rule ${step.rule}` : ''}`);
    this.line(`${pad}${step.reason}`);
    const changes = step.before ? changeLines({ before: step.before, after: step.after ?? {} }).filter((l) => l.includes('→')) : [];
    if (changes.length) this.line(`${pad}${this.paint('bold', changes.join(', '))}`);
  }

  waiting(label: string, remainingMs: number): void {
    const left = `${(remainingMs / 1000).toFixed(1)} s`;
    if (this.options.interactive) {
      this.options.write(`\r\x1b[2K${MARGIN}${ICONS.wait} ${this.paint('yellow', `${left} to go`)}  ${this.paint('dim', label)}`);
    } else if (this.waitingFor !== label) {
      this.options.write(`\n${MARGIN}${ICONS.wait} waiting ${left}: ${label}\n`);
    }
    this.waitingFor = label;
  }

  private waited(entry: TimelineEntry): void {
    if (this.options.interactive) {
      this.line(`\n${MARGIN}${this.paint('cyan', clock(entry.at))}  ${ICONS.wait} ${entry.title}  ${this.paint('dim', entry.detail ?? '')}`);
    }
    this.waitingFor = undefined;
  }

  check(check: CheckRecord): void {
    const mark = check.passed ? this.paint('green', '✓') : this.paint('red', '✗');
    const expected = check.passed ? '' : this.paint('red', ` (expected ${check.expected})`);
    this.line(`${MARGIN}check ${mark} ${check.label}: ${check.observed}${expected}`);
  }

  sceneFinished(scene: SceneRecord): void {
    if (scene.error) this.line(`${MARGIN}${this.paint('red', `✗ the scene stopped: ${scene.error}`)}`);
    const verdict = scene.passed ? this.paint('green', '✓ as expected') : this.paint('red', '✗ not as expected');
    this.line(`${MARGIN}${verdict} (${(scene.durationMs / 1000).toFixed(1)} s)`);
  }

  finished(run: DemoRun, files: ReportFiles): void {
    this.line();
    this.line(this.paint('bold', 'Summary'));
    this.table(run.scenes);
    this.line();
    const failed = run.scenes.filter((s) => !s.passed);
    const seconds = (run.durationMs / 1000).toFixed(1);
    if (!failed.length) {
      this.line(this.paint('green', `✓ Every expected outcome held: ${run.scenes.length} scenes in ${seconds} s.`));
    } else {
      this.line(this.paint('red', `✗ ${failed.length} of ${run.scenes.length} scenes did not go as expected (${seconds} s):`));
      for (const scene of failed) {
        const misses = scene.checks.filter((c) => !c.passed).map((c) => `${c.label}: expected ${c.expected}, observed ${c.observed}`);
        this.line(`${MARGIN}${scene.number} ${scene.title}: ${[...misses, ...(scene.error ? [scene.error] : [])].join('; ')}`);
      }
    }
    this.line(`Report: ${files.html} (the run as JSON: ${files.json})`);
  }

  /**
   * Per scene a row with its number, title and verdict, then one row per check: what was
   * checked, expected, observed, ✓/✗. Long cells wrap inside their column.
   */
  private table(scenes: SceneRecord[]): void {
    const rowsOf = (scene: SceneRecord): CheckRecord[] =>
      scene.error ? [...scene.checks, { label: 'the scene ran to its end', expected: 'yes', observed: scene.error, passed: false }] : scene.checks;
    const checks = scenes.flatMap(rowsOf);
    const header = ['step / check', 'expected', 'observed'];
    const labelWidth = Math.min(34, Math.max(header[0]?.length ?? 0, ...checks.map((c) => c.label.length + 2)));
    const room = this.options.columns - MARGIN.length - labelWidth - 2 * 3 - 1;
    const widths = [labelWidth, Math.floor(room / 2), Math.ceil(room / 2)];
    const mark = (passed: boolean) => (passed ? this.paint('green', '✓') : this.paint('red', '✗'));
    /** `indent` shifts the first column, so checks sit under their scene. */
    const render = (cells: string[], verdict: string, indent = '') => {
      const wrapped = cells.map((cell, col) => (col === 0 ? wrap(cell, labelWidth - indent.length).map((l) => indent + l) : wrap(cell, widths[col] ?? 10)));
      const height = Math.max(...wrapped.map((w) => w.length));
      for (let i = 0; i < height; i++) {
        const text = wrapped.map((w, col) => (w[i] ?? '').padEnd(widths[col] ?? 0)).join('  ');
        this.line(`${MARGIN}${text}  ${i === 0 ? verdict : ''}`.trimEnd());
      }
    };
    render(header, '');
    this.line(`${MARGIN}${widths.map((w) => '─'.repeat(w)).join('  ')}  ─`);
    for (const scene of scenes) {
      const title = `${scene.number} ${scene.title}`;
      this.line(`${MARGIN}${this.paint('bold', title.padEnd(this.options.columns - MARGIN.length - 3))}  ${mark(scene.passed)}`);
      for (const check of rowsOf(scene)) render([check.label, check.expected, check.observed], mark(check.passed), '  ');
    }
  }
}
