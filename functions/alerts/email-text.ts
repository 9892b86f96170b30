/**
 * Plain-text renderings of an alert: the full text email subscribers read (the `default` and
 * `email` keys of the SNS message) and a one-line SMS. The small text helpers here are shared
 * with the Slack and SNS renderings so all three say the same thing the same way.
 */
import { RESOURCE_LABELS } from './links';
import type { ActionReport, ResourceRef, StateSnapshot } from '../model/vocabulary';
import type { Alert, TriggerRef } from '../model/alert';

/**
 * One SMS segment holds 160 GSM-7 characters; 140 leaves room for the sender prefix some
 * carriers add, so an alert never arrives split in two.
 */
export const SMS_MAX_CHARS = 140;

/**
 * Cuts `text` to at most `max` UTF-16 units (the strictest way services count), never inside
 * a surrogate pair, and marks the cut with `ellipsis`.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length + ellipsis.length > max) break;
    kept += char;
  }
  return kept.trimEnd() + ellipsis;
}

const ASCII_LOOKALIKES: Record<string, string> = { '→': '->', '←': '<-', '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '·': '-' };

/**
 * Printable ASCII on one line: SNS subjects must be ASCII without control characters, and an
 * SMS with a single non-GSM character falls back to 70-character segments.
 */
export function toAscii(text: string): string {
  return text
    .normalize('NFKD') // é → e + combining accent, … → ...
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/gu, (char) => ASCII_LOOKALIKES[char] ?? (/[\s\p{Cc}]/u.test(char) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ')
    .trim();
}

export function formatValue(value: StateSnapshot[string] | undefined): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return String(value);
}

/**
 * One line per fact: `key: before → after` where the action changed it, `key: value` where it
 * did not. An empty `after` means nothing was changed (skipped, failed), so only `before` shows.
 */
export function changeLines({ before, after }: Pick<ActionReport, 'before' | 'after'>): string[] {
  const changed = Object.keys(after).length > 0;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => {
    const was = formatValue(before[key]);
    if (!changed || !(key in after)) return `${key}: ${was}`;
    const now = formatValue(after[key]);
    return was === now ? `${key}: ${now}` : `${key}: ${was} → ${now}`;
  });
}

export function describeResource(resource: ResourceRef): string {
  return `${RESOURCE_LABELS[resource.type]} ${resource.id}`;
}

export const TRIGGER_LABELS: Record<TriggerRef['kind'], string> = { alarm: 'alarm', 'rds-event': 'RDS event', schedule: 'schedule', reconcile: 'reconcile run' };

export function describeTrigger(trigger: TriggerRef): string {
  return `${TRIGGER_LABELS[trigger.kind]} ${trigger.name}${trigger.state ? ` (${trigger.state})` : ''}`;
}

/** `2024-05-01 08:00:00 UTC`; an unparsable time is shown as given rather than hidden. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

const LABEL_WIDTH = 10;

/** `Label:    first line` with the following lines aligned under the first. */
function row(label: string, lines: string[], indent = ''): string {
  const pad = indent + ' '.repeat(LABEL_WIDTH);
  return lines.map((line, i) => (i === 0 ? indent + `${label}:`.padEnd(LABEL_WIDTH) : pad) + line).join('\n');
}

function actionSection(action: ActionReport): string {
  const changes = changeLines(action);
  return [
    'What was done',
    row('Action', [`${action.type} (rule ${action.rule})`], '  '),
    row('Outcome', [action.outcome], '  '),
    row('Reason', action.reason.split('\n'), '  '),
    ...(changes.length ? [row('State', changes, '  ')] : []),
  ].join('\n');
}

export function renderEmailText(alert: Alert): string {
  const sections = [`[${alert.severity.toUpperCase()}] ${alert.title}`, alert.summary];
  if (alert.kind === 'action' && alert.action) sections.push(actionSection(alert.action));
  sections.push(
    [
      row('Resource', [describeResource(alert.resource), ...(alert.resource.arn ? [alert.resource.arn] : [])]),
      row('Trigger', [describeTrigger(alert.trigger), `event ${alert.trigger.id}`]),
      row('Incident', [alert.incident]),
      row('Time', [formatTime(alert.time)]),
    ].join('\n'),
  );
  const details = Object.entries(alert.details ?? {});
  if (details.length) sections.push(['Details', ...details.map(([key, value]) => `  ${key}: ${String(value)}`)].join('\n'));
  if (alert.links.length) sections.push(['Links', ...alert.links.map((link) => `  ${link.title}\n  ${link.url}`)].join('\n'));
  return `${sections.join('\n\n')}\n\n-- \nops-autopilot\n`;
}

/**
 * One ASCII line of at most SMS_MAX_CHARS: severity, the outcome when it is not a plain
 * success, and the title. The email carries the rest.
 */
export function renderSmsText(alert: Alert): string {
  const outcome = alert.action && alert.action.outcome !== 'done' ? ` (${alert.action.outcome})` : '';
  return truncate(toAscii(`ops-autopilot ${alert.severity.toUpperCase()}${outcome}: ${alert.title}`), SMS_MAX_CHARS, '...');
}
