/**
 * EventBridge (Scheduler) cron expressions and IANA time zones.
 *
 * croner does the parsing and the calendar arithmetic: in Quartz weekday mode (1 = SUN … 7 = SAT)
 * with a year field it reads `L`, `W`, `#`, `?`, names and ranges as AWS does. This module adds
 * only what AWS defines differently:
 * - the syntax rules croner is more lenient about (which wildcards each field takes, exactly one
 *   of day-of-month and day-of-week is `?`, day-of-week 1-7, year 1970-2199, one `#` expression);
 * - two spellings croner lacks: `n/step` (from n upward) and `L` alone in day-of-week (Saturday);
 * - EventBridge Scheduler's daylight-saving behaviour, which AWS documents as: a firing at a local
 *   time that does not exist (clocks go forward) is skipped, and a local time that occurs twice
 *   (clocks go back) fires once. croner instead moves a skipped fixed time to the end of the gap
 *   and fires minute/hour lists and steps on both passes, so firings are filtered here. Which of
 *   the two passes AWS uses is not documented; this module keeps the first.
 */
import { Cron, type CronOptions } from 'croner';
import { OpsAutopilotError } from '../errors';
import { DAY_MS, LATEST_FIRING_LOOKBACK_MS } from './firings';

/** A cron expression or time zone that does not validate, passed where a valid one is required. */
export class InvalidScheduleError extends OpsAutopilotError {
  override name = 'InvalidScheduleError';
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Non-letter characters besides digits (per the AWS field table). */
  symbols: string;
  /** Letter words the field takes: names and the L / W wildcards. */
  words: readonly string[];
  /** What the field takes, for messages. */
  takes: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59, symbols: ',-*/', words: [], takes: '0-59 and , - * /' },
  { name: 'hours', min: 0, max: 23, symbols: ',-*/', words: [], takes: '0-23 and , - * /' },
  { name: 'day-of-month', min: 1, max: 31, symbols: ',-*/?', words: ['L', 'W', 'LW'], takes: '1-31 and , - * ? / L W' },
  { name: 'month', min: 1, max: 12, symbols: ',-*/', words: MONTHS, takes: '1-12 or JAN-DEC and , - * /' },
  { name: 'day-of-week', min: 1, max: 7, symbols: ',-*?#', words: [...DAYS, 'L'], takes: '1-7 (1 = SUN) or SUN-SAT and , - * ? L #' },
  { name: 'year', min: 1970, max: 2199, symbols: ',-*/', words: [], takes: '1970-2199 and , - * /' },
];

const DAY_OF_MONTH = 2;
const DAY_OF_WEEK = 4;

/**
 * croner reads `seconds minutes hours day-of-month month day-of-week year` (a 0 is prepended for
 * seconds), weekdays 1 = SUN as AWS does, and ANDs the day fields: one of them is always `?`, so
 * only the other one counts, as in AWS.
 */
const CRONER_OPTIONS = { mode: '7-part', alternativeWeekdays: true, domAndDow: true } as const satisfies CronOptions;

/** Why the expression is not a valid six-field EventBridge cron, or undefined when it is. */
export function validateAwsCron(expr: string): string | undefined {
  if (/^\s*cron\(/.test(expr)) return 'write the six fields without the cron( ) wrapper, e.g. 0 8 ? * MON-FRI *';
  const fields = splitFields(expr);
  if (fields.length !== FIELDS.length) {
    return `must have six fields: minutes hours day-of-month month day-of-week year (found ${fields.length})`;
  }
  for (const [index, spec] of FIELDS.entries()) {
    const text = fields[index] as string;
    const problem = fieldProblem(spec, index, text);
    if (problem) return `${spec.name} "${text}": ${problem}`;
  }
  return dayFieldsProblem(fields[DAY_OF_MONTH] as string, fields[DAY_OF_WEEK] as string);
}

export function validateTimeZone(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone "${tz}"; use an IANA name such as Europe/Berlin or UTC`;
  }
}

/**
 * The next `count` firings strictly after `from`, as EventBridge Scheduler would invoke them in
 * `timezone` (daylight-saving gaps skipped, repeated local times fired once). Fewer when the
 * year field ends the schedule, or when `until` comes first (a firing exactly at it counts).
 */
export function nextFirings(cron: string, timezone: string, from: Date, count: number, until?: Date): Date[] {
  const job = compile(cron, timezone);
  const firings: Date[] = [];
  if (count <= 0) return firings;
  for (const candidate of job.enumerate(from)) {
    if (until && candidate > until) break;
    if (firesAt(job, candidate, timezone)) firings.push(candidate);
    if (firings.length === count) break;
  }
  return firings;
}

/**
 * The most recent firing at or before `at`, within the last 366 days (the lookback). A retried
 * or late invocation maps to the firing that caused it, so it keeps the original's identity.
 */
export function latestFiring(cron: string, timezone: string, at: Date): Date | undefined {
  const job = compile(cron, timezone, { startAt: new Date(at.getTime() - LATEST_FIRING_LOOKBACK_MS) });
  // previousRuns counts a run earlier in the same second as its reference, so 1 ms past `at`
  // includes a firing exactly at `at`; later references are firings themselves and excluded.
  let reference = new Date(at.getTime() + 1);
  for (;;) {
    const [candidate] = job.previousRuns(1, reference);
    if (!candidate) return undefined;
    if (firesAt(job, candidate, timezone)) return candidate;
    reference = candidate;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Making a formatter costs far more than using one, and the daylight-saving checks ask for several per firing. */
function offsetFormat(timezone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
    offsetFormats.set(timezone, format);
  }
  return format;
}

/** Minutes the zone's local time is ahead of UTC at `instant` (+540 for Asia/Seoul, -240 for New York in summer). */
export function utcOffsetMinutes(instant: Date, timezone: string): number {
  const name = offsetFormat(timezone)
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  // "GMT+09:00", "GMT-03:30", or plain "GMT" at offset zero.
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match) throw new InvalidScheduleError(`cannot read the UTC offset of ${timezone} (got "${name}")`);
  const [, sign, hours = '0', minutes = '0'] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

function splitFields(expr: string): string[] {
  const trimmed = expr.trim();
  return trimmed ? trimmed.split(/\s+/) : [];
}

function fieldProblem(spec: FieldSpec, index: number, text: string): string | undefined {
  for (const word of text.match(/[A-Za-z]+/g) ?? []) {
    if (spec.words.includes(word)) continue;
    // AWS documents the names in upper case; insisting on it keeps anything AWS might reject from passing here.
    if (spec.words.includes(word.toUpperCase())) return `write "${word}" in upper case: ${word.toUpperCase()}`;
    return `unknown "${word}"; ${spec.name} takes ${spec.takes}`;
  }
  const stray = [...text.replace(/[A-Za-z0-9]/g, '')].find((char) => !spec.symbols.includes(char));
  if (stray) return `"${stray}" is not allowed here; ${spec.name} takes ${spec.takes}`;
  if (text.includes('?') && text !== '?') return '? stands alone: it means "any day" while the other day field is set';
  if (text.includes('#') && !new RegExp(`^([1-7]|${DAYS.join('|')})#[1-5]$`).test(text)) {
    return 'with # the field is one day and its occurrence 1-5, e.g. 3#2 (the second Tuesday)';
  }
  const outOfRange = values(text).find((value) => value < spec.min || value > spec.max);
  if (outOfRange !== undefined) return `${outOfRange} is outside ${spec.min}-${spec.max}`;
  return cronerProblem(spec, index, text);
}

/** The numbers that name values: not steps (after /) and not occurrences (after #). */
function values(text: string): number[] {
  return [...text.matchAll(/(?<![\d/#])\d+/g)].map((match) => Number(match[0]));
}

/** Anything else croner rejects (a range with no end, a zero step, W in a range …), blamed on this field alone. */
function cronerProblem(spec: FieldSpec, index: number, text: string): string | undefined {
  const probe = ['0', '*', '*', '*', '*', '*', '*'];
  probe[index + 1] = toCroner(spec, text);
  try {
    new Cron(probe.join(' '), CRONER_OPTIONS);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}

function dayFieldsProblem(dayOfMonth: string, dayOfWeek: string): string | undefined {
  if (dayOfMonth === '?' && dayOfWeek === '?') return 'day-of-month and day-of-week cannot both be ?; set one of them, e.g. * in day-of-month';
  if (dayOfMonth !== '?' && dayOfWeek !== '?') return 'day-of-month and day-of-week cannot both be set; one must be ?';
  return undefined;
}

/** One AWS field in croner's spelling; the two differ only where croner lacks the AWS form. */
function toCroner(spec: FieldSpec, text: string): string {
  // AWS: "L in day-of-week is the last day of the week", which with 1 = SUN is Saturday.
  if (spec.name === 'day-of-week' && text === 'L') return '7';
  // AWS `5/10` means 5, 15, 25 …; croner wants the range spelled out.
  return text
    .split(',')
    .map((item) => item.replace(/^(\d+)\/(\d+)$/, `$1-${spec.max}/$2`))
    .join(',');
}

function compile(cron: string, timezone: string, options: Pick<CronOptions, 'startAt'> = {}): Cron {
  const problem = validateAwsCron(cron) ?? validateTimeZone(timezone);
  if (problem) throw new InvalidScheduleError(`invalid schedule "${cron}" in ${timezone}: ${problem}`);
  const fields = splitFields(cron).map((text, index) => toCroner(FIELDS[index] as FieldSpec, text));
  return new Cron(['0', ...fields].join(' '), { ...CRONER_OPTIONS, ...options, timezone });
}

/** Whether EventBridge Scheduler fires at a run croner produced (see the module comment on daylight saving). */
function firesAt(job: Cron, candidate: Date, timezone: string): boolean {
  // croner moves a fixed time that falls in a spring-forward gap to the end of the gap; that
  // moved run does not match the pattern's own local time.
  return job.match(candidate) && !isRepeatedLocalTime(candidate, timezone);
}

const MINUTE_MS = 60 * 1000;

/** True when `instant` is the second pass through a local time that the clocks going back repeat. */
function isRepeatedLocalTime(instant: Date, timezone: string): boolean {
  // Offsets a day apart differ by the size of the fall-back between them (real zones change at
  // most once a day); a positive difference means the clocks went back in that day.
  const shift = utcOffsetMinutes(new Date(instant.getTime() - DAY_MS), timezone) - utcOffsetMinutes(instant, timezone);
  if (shift <= 0) return false;
  // The same local time came `shift` minutes earlier exactly when the old offset still held then.
  const earlier = new Date(instant.getTime() - shift * MINUTE_MS);
  return utcOffsetMinutes(earlier, timezone) - utcOffsetMinutes(instant, timezone) === shift;
}
