/**
 * When each schedule last fired. Reconcile asks on every run; the cron arithmetic (croner,
 * cron.ts) would be about a tenth of its cold start, so the tables packaging worked out answer
 * (policy/firings.ts) and croner is loaded only for an instant no table covers: a policy read
 * from YAML at run time, or a package older than its tables' horizon.
 */
import { tabledLatestFiring, type FiringTables } from './firings';
import type { Schedule } from './schema';

type ScheduleClock = Pick<Schedule, 'name' | 'cron' | 'timezone'>;

/** Each schedule's latest firing at or before `at`, by name: from its table, from croner where the table does not answer. */
export async function latestFirings(schedules: readonly ScheduleClock[], tables: FiringTables, at: Date): Promise<Map<string, Date | undefined>> {
  const latest = new Map<string, Date | undefined>();
  const untabled: ScheduleClock[] = [];
  for (const schedule of schedules) {
    const answer = tabledLatestFiring(schedule, tables[schedule.name], at);
    if (answer) latest.set(schedule.name, answer.firing);
    else untabled.push(schedule);
  }
  if (untabled.length) {
    const { latestFiring } = await import('./cron');
    for (const schedule of untabled) latest.set(schedule.name, latestFiring(schedule.cron, schedule.timezone, at));
  }
  return latest;
}
