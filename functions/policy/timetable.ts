/**
 * The schedules' timetable: what each schedule does and when it fires next, in its own time
 * zone and in UTC. Backs `ops-autopilot schedules`, so an operator can check a cron and its
 * daylight-saving behaviour before deploying it.
 */
import type { PolicyStep } from '../actions/steps';
import { nextFirings, utcOffsetMinutes } from './cron';
import { describeReference, isFromAlarmRef, isStackResourceRef } from './references';
import type { PolicyDocument } from './schema';

export interface Firing {
  /** Local wall time with its UTC offset, e.g. `Mon 2026-11-30 08:00 (+09:00)`. */
  local: string;
  /** The same instant, ISO-8601 in UTC. */
  utc: string;
}

export interface ScheduleRow {
  name: string;
  cron: string;
  timezone: string;
  /** One line per step, e.g. `setCapacity web-asg min 4 desired 6 max 12`. */
  steps: string[];
  /** Empty when the year field has ended the schedule. */
  next: Firing[];
}

export function describeSchedules(policy: PolicyDocument, from: Date, count = 5): ScheduleRow[] {
  return policy.schedules.map((schedule) => ({
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone,
    steps: schedule.do.map(summarizeStep),
    next: nextFirings(schedule.cron, schedule.timezone, from, count).map((instant) => ({
      local: formatLocal(instant, schedule.timezone),
      utc: instant.toISOString(),
    })),
  }));
}

const HEADER = ['SCHEDULE', 'CRON', 'TIME ZONE', 'NEXT (LOCAL)', 'NEXT (UTC)', 'DO'];

/** A plain-text table: one block of lines per schedule, firings and steps side by side. */
export function formatTimetable(rows: ScheduleRow[]): string {
  if (rows.length === 0) return 'The policy has no schedules.\n';
  const blocks = rows.map((row) => {
    const height = Math.max(row.next.length, row.steps.length, 1);
    return Array.from({ length: height }, (_, line) => [
      line === 0 ? row.name : '',
      line === 0 ? row.cron : '',
      line === 0 ? row.timezone : '',
      row.next[line]?.local ?? (line === 0 ? 'no upcoming firing' : ''),
      row.next[line]?.utc ?? '',
      row.steps[line] ?? '',
    ]);
  });
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...blocks.flat().map((cells) => (cells[column] as string).length)),
  );
  const render = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();
  // A blank line between schedules keeps each one's firings and steps visibly together.
  const body = blocks.map((block) => block.map(render).join('\n')).join('\n\n');
  return `${render(HEADER)}\n${body}\n`;
}

/** `setCapacity web-asg min 4 desired 6 max 12`: the action, its target, then its options in schema order. */
function summarizeStep(step: PolicyStep): string {
  const options: [string, unknown][] = Object.entries(step.options);
  const words = options
    .filter(([, value]) => value !== undefined)
    // A group or an RDS instance is the obvious target; a cluster is named as one, since an
    // instance and a cluster may share an identifier.
    .map(([key, value]) => (key === 'group' || key === 'source' ? show(value) : `${key} ${show(value)}`));
  return [step.type, ...words].join(' ');
}

function show(value: unknown): string {
  if (isStackResourceRef(value) || isFromAlarmRef(value)) return describeReference(value);
  return typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value);
}

/** `Mon 2026-11-30 08:00 (+09:00)`: weekday and offset make the daylight-saving shift visible. */
function formatLocal(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  return `${part('weekday')} ${date} ${part('hour')}:${part('minute')} (${formatOffset(utcOffsetMinutes(instant, timezone))})`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
}
