/** The schedules timetable behind `ops-autopilot schedules`: rows as data, then as plain text. */
import { parse } from 'yaml';
import type { PolicyDocument } from '../../../functions/policy/schema';
import { validatePolicy } from '../../../functions/policy/load';
import { describeSchedules, formatTimetable } from '../../../functions/policy/timetable';

function policyFrom(yaml: string): PolicyDocument {
  const result = validatePolicy(parse(yaml));
  if (!result.ok) throw new Error(`test policy is invalid: ${JSON.stringify(result.issues)}`);
  return result.policy;
}

const policy = policyFrom(`
version: 1
schedules:
  - name: weekday-peak
    cron: "0 8 ? * MON-FRI *"
    timezone: Asia/Seoul
    do:
      - setCapacity: { group: web-asg, min: 4, desired: 6, max: 12 }
      - setReadReplicas: { source: app-db, count: 3 }
  - name: nightly
    cron: "30 1 * * ? *"
    timezone: America/New_York
    do:
      - scaleAutoScalingGroup: { group: web-asg, by: -1, min: 2 }
      - alert: { severity: info, title: Night mode on }
  - name: launch-2020
    cron: "0 0 1 1 ? 2020"
    do:
      - setReadReplicas: { cluster: orders-aurora, count: 2 }
`);

// Friday 2026-10-30 00:00 UTC: New York is still on EDT and changes on Sunday 1 November.
const from = new Date('2026-10-30T00:00:00Z');

describe('describeSchedules', () => {
  it('lists each schedule with its steps and next firings, local and UTC', () => {
    const [peak] = describeSchedules(policy, from, 3);

    expect(peak).toEqual({
      name: 'weekday-peak',
      cron: '0 8 ? * MON-FRI *',
      timezone: 'Asia/Seoul',
      steps: ['setCapacity web-asg min 4 desired 6 max 12', 'setReadReplicas app-db count 3'],
      // Friday 30 October 08:00 KST has passed (23:00Z on the 29th); next is Monday 2 November.
      next: [
        { local: 'Mon 2026-11-02 08:00 (+09:00)', utc: '2026-11-01T23:00:00.000Z' },
        { local: 'Tue 2026-11-03 08:00 (+09:00)', utc: '2026-11-02T23:00:00.000Z' },
        { local: 'Wed 2026-11-04 08:00 (+09:00)', utc: '2026-11-03T23:00:00.000Z' },
      ],
    });
  });

  it('shows the offset change across daylight saving while the local time stays', () => {
    const nightly = describeSchedules(policy, from, 4)[1];

    expect(nightly?.next).toEqual([
      { local: 'Fri 2026-10-30 01:30 (-04:00)', utc: '2026-10-30T05:30:00.000Z' },
      { local: 'Sat 2026-10-31 01:30 (-04:00)', utc: '2026-10-31T05:30:00.000Z' },
      { local: 'Sun 2026-11-01 01:30 (-04:00)', utc: '2026-11-01T05:30:00.000Z' },
      { local: 'Mon 2026-11-02 01:30 (-05:00)', utc: '2026-11-02T06:30:00.000Z' },
    ]);
  });

  it('summarizes every step on one line, defaults included, and names a cluster target as such', () => {
    const rows = describeSchedules(policy, from, 1);

    expect(rows[1]?.steps).toEqual(['scaleAutoScalingGroup web-asg by -1 min 2 cooldown 300', 'alert severity info title "Night mode on"']);
    expect(rows[2]?.steps).toEqual(['setReadReplicas cluster orders-aurora count 2']);
  });

  it('gives no firings when the year field has ended the schedule, and defaults to five', () => {
    const rows = describeSchedules(policy, from);

    expect(rows[2]?.timezone).toBe('UTC');
    expect(rows[2]?.next).toEqual([]);
    expect(rows[0]?.next).toHaveLength(5);
  });
});

describe('formatTimetable', () => {
  it('renders a plain-text table, one block per schedule', () => {
    const text = formatTimetable(describeSchedules(policy, from, 2));

    expect(text).toBe(
      [
        'SCHEDULE      CRON               TIME ZONE         NEXT (LOCAL)                   NEXT (UTC)                DO',
        'weekday-peak  0 8 ? * MON-FRI *  Asia/Seoul        Mon 2026-11-02 08:00 (+09:00)  2026-11-01T23:00:00.000Z  setCapacity web-asg min 4 desired 6 max 12',
        '                                                   Tue 2026-11-03 08:00 (+09:00)  2026-11-02T23:00:00.000Z  setReadReplicas app-db count 3',
        '',
        'nightly       30 1 * * ? *       America/New_York  Fri 2026-10-30 01:30 (-04:00)  2026-10-30T05:30:00.000Z  scaleAutoScalingGroup web-asg by -1 min 2 cooldown 300',
        '                                                   Sat 2026-10-31 01:30 (-04:00)  2026-10-31T05:30:00.000Z  alert severity info title "Night mode on"',
        '',
        'launch-2020   0 0 1 1 ? 2020     UTC               no upcoming firing                                       setReadReplicas cluster orders-aurora count 2',
        '',
      ].join('\n'),
    );
  });

  it('says so when the policy has no schedules', () => {
    expect(formatTimetable(describeSchedules(policyFrom('version: 1'), from))).toBe('The policy has no schedules.\n');
  });
});
