/** Build and packaging: validates a policy file in full and gives the compiled form a function ships beside its bundle. */
import { readFileSync } from 'node:fs';
import { compilePolicy } from './compiled-policy';
import { latestFiring, nextFirings } from './cron';
import { DAY_MS, type FiringTable, type FiringTables } from './firings';
import { parsePolicyText } from './load';
import type { PolicyDocument, Schedule } from './schema';

/** How far ahead each schedule's firings are worked out: a package usually runs for months before the next one. */
export const FIRING_TABLE_DAYS = 400;
/** At most this many firings a schedule (28 KiB of JSON, read at every cold start): a five-minute schedule's table lasts a week. */
export const FIRING_TABLE_MAX = 2000;

function firingTable({ cron, timezone }: Pick<Schedule, 'cron' | 'timezone'>, from: Date): FiringTable {
  const horizon = new Date(from.getTime() + FIRING_TABLE_DAYS * DAY_MS);
  const ahead = nextFirings(cron, timezone, from, FIRING_TABLE_MAX, horizon);
  // A full table ends at its last firing: what comes after it is not known without croner.
  const until = ahead.length === FIRING_TABLE_MAX ? (ahead.at(-1) as Date) : horizon;
  const before = latestFiring(cron, timezone, from);
  return { cron, timezone, from: from.getTime(), until: until.getTime(), firings: [...(before ? [before] : []), ...ahead].map((firing) => firing.getTime()) };
}

/** Every schedule's firings from `from` on (policy/firings.ts). */
export function firingTables(policy: PolicyDocument, from: Date): FiringTables {
  return Object.fromEntries(policy.schedules.map((schedule) => [schedule.name, firingTable(schedule, from)]));
}

/**
 * The text of `policy.compiled.json` for `file`; an invalid policy throws PolicyError, listing
 * every issue. The firing tables start at the beginning of `now`'s day (UTC), so packaging the
 * same policy twice in a day writes the same file.
 */
export function compiledPolicyText(file: string, now = new Date()): string {
  const text = readFileSync(file, 'utf8');
  const policy = parsePolicyText(text, file);
  const from = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return `${JSON.stringify(compilePolicy(policy, text, firingTables(policy, from)))}\n`;
}
