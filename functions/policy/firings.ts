/**
 * Schedules' firings worked out ahead, at packaging (policy/compile.ts), and shipped in the
 * compiled policy: a table per schedule answers when it last fired for the instants it covers,
 * without the cron arithmetic (croner). No imports beyond types: cron.ts reads the lookback and the day here.
 */
import type { Schedule } from './schema';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** How far back a latest firing is looked for: a yearly schedule's previous firing is at most a (leap) year ago. */
export const LATEST_FIRING_LOOKBACK_MS = 366 * DAY_MS;

/** A schedule's firings, epoch milliseconds, for the instants from `from` to `until`. */
export interface FiringTable {
  /** What they were worked out for: a table answers only for the same cron in the same zone. */
  cron: string;
  timezone: string;
  from: number;
  until: number;
  /** Ascending: the latest firing at or before `from` when it is within the lookback, then every firing up to `until`. */
  firings: number[];
}

/** By schedule name, for the schedules of the policy they were compiled with. */
export type FiringTables = Readonly<Record<string, FiringTable>>;

/** The table's answer at `at`: the latest firing (or none in the lookback), or undefined when `at` is outside the table. */
export function tabledLatestFiring(
  schedule: Pick<Schedule, 'cron' | 'timezone'>,
  table: FiringTable | undefined,
  at: Date,
): { firing: Date | undefined } | undefined {
  const t = at.getTime();
  if (!table || table.cron !== schedule.cron || table.timezone !== schedule.timezone || t < table.from || t > table.until) return undefined;
  const latest = table.firings.findLast((firing) => firing <= t);
  return { firing: latest !== undefined && latest >= t - LATEST_FIRING_LOOKBACK_MS ? new Date(latest) : undefined };
}
