/**
 * plan's pure parts: which function takes an event, what a signal triggers when no AWS read
 * is needed, and the text of a plan.
 */
import { join } from 'node:path';
import { formatPlan } from '../../../functions/cli/plan/format';
import { planEvent, planIsComplete, type EventPlan, type PlanContext } from '../../../functions/cli/plan/plan-event';
import { createStyle } from '../../../functions/cli/style';
import { loadPolicyFile, runnablePolicy } from '../../../functions/policy/load';
import { loadEvent, withOverrides } from '../../support/events';

const policyFile = join(__dirname, '..', '..', '..', 'infra', 'policy.yml');
const policy = runnablePolicy(loadPolicyFile(policyFile), policyFile);
const now = new Date('2026-11-24T09:00:00.000Z');

/** A context whose AWS must not be needed: the events below match no mutating rule. */
function offline(): PlanContext & { asked: number } {
  const context = {
    policy,
    now,
    asked: 0,
    request: () => {
      context.asked += 1;
      return Promise.reject(new Error('AWS is not available in unit tests'));
    },
  };
  return context;
}

describe('which function takes an event', () => {
  it('gives an alarm event to alarm-remediation alone', async () => {
    const routed = await planEvent(withOverrides(loadEvent('alarm/eventbridge-app-db-read-pressure-alarm.json'), { 'detail.alarmName': 'unwatched' }), offline());

    expect(routed.signals.map((s) => s.function)).toEqual(['alarm-remediation']);
    expect(routed.rejected).toEqual([]);
  });

  it("keeps every parser's reason when no function accepts the event", async () => {
    const { signals, rejected } = await planEvent(loadEvent('malformed/empty-object.json'), offline());

    expect(signals).toEqual([]);
    expect(rejected.map((r) => r.function)).toEqual(['alarm-remediation', 'rds-events', 'scheduled-scaling']);
    expect(rejected[0]?.reason).toMatch(/not an alarm event/);
  });
});

describe('planEvent without AWS', () => {
  it('says nothing would happen when no rule matches, without asking AWS', async () => {
    const context = offline();
    const event = withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), { 'detail.alarmName': 'nobody-watches-this' });

    const plan = await planEvent(event, context);

    expect(context.asked).toBe(0);
    expect(plan.signals).toHaveLength(1);
    expect(plan.signals[0]?.rules).toEqual([]);
    expect(plan.signals[0]?.notes[0]).toMatch(/^no rule matches alarm .* in state ALARM: nothing would happen$/);
    expect(planIsComplete(plan)).toBe(true);
  });

  it("plans an RDS failover as the event alert, shaped by the rule's alert step, without asking AWS", async () => {
    const context = offline();
    const plan = await planEvent(loadEvent('rds/eventbridge-instance-failover-started.json'), context);

    expect(context.asked).toBe(0);
    expect(plan.signals[0]).toMatchObject({
      function: 'rds-events',
      notes: ['rds-events publishes one critical alert for this event: "Multi-AZ failover started" (shaped by rule db-failover)'],
      rules: [{ rule: 'db-failover', steps: [] }],
    });
  });

  it('rejects a schedule the policy does not have, naming the known ones', async () => {
    const plan = await planEvent({ schedule: 'weekend-peak' }, offline());

    expect(plan.signals).toEqual([]);
    expect(plan.rejected).toEqual([
      { function: 'scheduled-scaling', shape: 'schedule "weekend-peak"', reason: 'no schedule named "weekend-peak" in the policy (known: weekday-peak, weekday-off-peak)' },
    ]);
    expect(planIsComplete(plan)).toBe(false);
  });
});

describe('planIsComplete', () => {
  it('is false when a step cannot be decided', () => {
    const plan: EventPlan = {
      signals: [
        {
          function: 'alarm-remediation',
          signal: { kind: 'alarm', id: 'alarm:a:ALARM:t', time: 't', via: 'eventbridge', alarmName: 'a', state: 'ALARM', reason: '' },
          notes: [],
          rules: [{ rule: 'r', steps: [{ rule: 'r', index: 0, type: 'addReadReplica', verdict: 'cannot-decide', reason: 'RDS instance "x" not found' }] }],
        },
      ],
      rejected: [],
    };

    expect(planIsComplete(plan)).toBe(false);
  });
});

describe('formatPlan', () => {
  it('shows per signal, per rule, per step: verdict, reason, before → after', () => {
    const plan: EventPlan = {
      signals: [
        {
          function: 'alarm-remediation',
          signal: {
            kind: 'alarm',
            id: 'alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z',
            time: '2026-11-24T08:06:10.789Z',
            via: 'eventbridge',
            alarmName: 'app-db-read-pressure',
            state: 'ALARM',
            previousState: 'OK',
            reason: 'Threshold Crossed',
          },
          notes: [],
          rules: [
            {
              rule: 'db-add-reader',
              steps: [
                {
                  rule: 'db-add-reader',
                  index: 0,
                  type: 'addReadReplica',
                  resource: { type: 'rds-instance', id: 'app-db' },
                  verdict: 'would-change',
                  reason: 'add read replica app-db-ap-1 (db.t3.medium) to app-db: 0 → 1 of max 4',
                  before: { replicas: 0 },
                  after: { replicas: 1 },
                },
              ],
            },
          ],
        },
      ],
      rejected: [],
    };

    expect(formatPlan('event.json', plan, createStyle(false))).toBe(
      [
        'alarm-remediation: alarm app-db-read-pressure is ALARM (was OK), via eventbridge',
        '  event alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z',
        '  rule db-add-reader',
        '    1. addReadReplica rds-instance app-db: would-change',
        '       add read replica app-db-ap-1 (db.t3.medium) to app-db: 0 → 1 of max 4',
        '       replicas 0 → 1',
        '',
      ].join('\n'),
    );
  });

  it('lists each function\'s reason when none accepts the event', () => {
    const plan: EventPlan = {
      signals: [],
      rejected: [
        { function: 'alarm-remediation', shape: 'empty object', reason: 'not an alarm event' },
        { function: 'rds-events', shape: 'empty object', reason: 'not an RDS event' },
      ],
    };

    expect(formatPlan('e.json', plan, createStyle(false))).toBe(
      'e.json is not an event any function accepts:\n' +
        '  alarm-remediation rejects empty object: not an alarm event\n' +
        '  rds-events rejects empty object: not an RDS event\n',
    );
  });
});
