import { FIRING_TABLE_DAYS, FIRING_TABLE_MAX, firingTables } from '../../../functions/policy/compile';
import { latestFiring } from '../../../functions/policy/cron';
import { DAY_MS, tabledLatestFiring, type FiringTable } from '../../../functions/policy/firings';
import { latestFirings } from '../../../functions/policy/latest-firings';
import { parsePolicyText } from '../../../functions/policy/load';

const FROM = new Date('2026-12-01T00:00:00Z');

function tableFor(cron: string, timezone: string, from = FROM): FiringTable {
  const policy = parsePolicyText(JSON.stringify({ version: 1, schedules: [{ name: 's', cron, timezone, do: [{ alert: { severity: 'info' } }] }] }), 'test');
  const table = firingTables(policy, from).s;
  if (!table) throw new Error('no table for s');
  return table;
}

/** A seeded walk over the table's span, so a failure names instants that can be replayed. */
function instantsWithin(table: FiringTable, count: number): Date[] {
  let seed = 20261202;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const around = table.firings.flatMap((firing) => [firing - 1, firing]).filter((t) => t >= table.from && t <= table.until);
  const random = Array.from({ length: count }, () => table.from + Math.floor(next() * (table.until - table.from)));
  return [table.from, table.until, ...around, ...random].map((t) => new Date(t));
}

describe('the firing tables packaging works out', () => {
  // Daylight saving both ways on the Sundays it changes (New York's repeated 1:30, Berlin's skipped
  // and repeated 2:xx), none (Seoul), a zone at +5:45, a last-day and an nth-weekday rule.
  it.each([
    ['0 8 ? * MON-FRI *', 'Asia/Seoul'],
    ['30 1 ? * SUN *', 'America/New_York'],
    ['0/20 2 ? * SUN *', 'Europe/Berlin'],
    ['0 9 L * ? *', 'Asia/Kathmandu'],
    ['15 6 ? * 2#1 *', 'Europe/London'],
  ])('answer as croner does for %s in %s, at every instant they cover', (cron, timezone) => {
    const table = tableFor(cron, timezone);
    expect(table.until).toBe(FROM.getTime() + FIRING_TABLE_DAYS * DAY_MS);
    for (const at of instantsWithin(table, 200)) {
      expect([at.toISOString(), tabledLatestFiring({ cron, timezone }, table, at)?.firing?.toISOString()]).toEqual([
        at.toISOString(),
        latestFiring(cron, timezone, at)?.toISOString(),
      ]);
    }
  });

  it('hold at most FIRING_TABLE_MAX firings ahead, and then cover only up to the last of them', () => {
    const cron = '0/5 * * * ? *';
    const table = tableFor(cron, 'UTC');
    // The firing at `from` itself is the latest at or before it; the rest are ahead.
    expect(table.firings).toHaveLength(FIRING_TABLE_MAX + 1);
    expect(table.until).toBe(table.firings.at(-1));
    expect(table.until).toBe(FROM.getTime() + FIRING_TABLE_MAX * 5 * 60_000);
    expect(tabledLatestFiring({ cron, timezone: 'UTC' }, table, new Date(table.until))?.firing?.getTime()).toBe(table.until);
    expect(tabledLatestFiring({ cron, timezone: 'UTC' }, table, new Date(table.until + 1))).toBeUndefined();
  });

  it('answer "no firing" for a schedule whose year field has ended, once its last firing is more than the lookback ago', () => {
    const cron = '0 0 1 JAN ? 2026';
    const table = tableFor(cron, 'UTC');
    expect(table.firings).toEqual([Date.parse('2026-01-01T00:00:00Z')]);
    expect(tabledLatestFiring({ cron, timezone: 'UTC' }, table, new Date('2026-12-31T00:00:00Z'))).toEqual({ firing: new Date('2026-01-01T00:00:00Z') });
    expect(tabledLatestFiring({ cron, timezone: 'UTC' }, table, new Date('2027-01-03T00:00:00Z'))).toEqual({ firing: undefined });
    expect(latestFiring(cron, 'UTC', new Date('2027-01-03T00:00:00Z'))).toBeUndefined();
  });

  it('do not answer before their start, after their end, or for another cron or time zone', () => {
    const table = tableFor('0 8 ? * MON-FRI *', 'Asia/Seoul');
    const schedule = { cron: '0 8 ? * MON-FRI *', timezone: 'Asia/Seoul' };
    expect(tabledLatestFiring(schedule, table, new Date(table.from - 1))).toBeUndefined();
    expect(tabledLatestFiring(schedule, table, new Date(table.until + 1))).toBeUndefined();
    expect(tabledLatestFiring({ ...schedule, cron: '0 9 ? * MON-FRI *' }, table, FROM)).toBeUndefined();
    expect(tabledLatestFiring({ ...schedule, timezone: 'Asia/Tokyo' }, table, FROM)).toBeUndefined();
    expect(tabledLatestFiring(schedule, undefined, FROM)).toBeUndefined();
  });
});

describe('latestFirings', () => {
  const schedules = [
    { name: 'tabled', cron: '0 8 ? * MON-FRI *', timezone: 'Asia/Seoul' },
    { name: 'untabled', cron: '0 20 ? * MON-FRI *', timezone: 'Asia/Seoul' },
  ];

  it("takes a schedule's table where it covers the instant, and asks croner for the rest", async () => {
    const at = new Date('2026-12-02T12:00:00Z');
    // A table that says something croner would not, to show which one answered.
    const planted: FiringTable = { cron: '0 8 ? * MON-FRI *', timezone: 'Asia/Seoul', from: FROM.getTime(), until: FROM.getTime() + DAY_MS * 30, firings: [Date.parse('2026-12-02T11:59:00Z')] };

    const latest = await latestFirings(schedules, { tabled: planted }, at);

    expect(latest.get('tabled')).toEqual(new Date('2026-12-02T11:59:00Z'));
    expect(latest.get('untabled')).toEqual(latestFiring('0 20 ? * MON-FRI *', 'Asia/Seoul', at));
    expect(latest.get('untabled')).toEqual(new Date('2026-12-02T11:00:00Z'));
  });

  it('asks croner for an instant past the table, as for a package older than its horizon', async () => {
    const table = tableFor('0 8 ? * MON-FRI *', 'Asia/Seoul');
    const at = new Date(table.until + DAY_MS);

    const latest = await latestFirings(schedules, { tabled: table }, at);

    expect(latest.get('tabled')).toEqual(latestFiring('0 8 ? * MON-FRI *', 'Asia/Seoul', at));
  });
});
