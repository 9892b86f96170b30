import { alarmNamePatterns, globMatches, matchAlarmRules, matchRdsEventRules } from '../../../functions/policy/match';
import { parseAlarmInput } from '../../../functions/signals/alarm';
import { loadEvent } from '../../support/events';
import { validatePolicy } from '../../../functions/policy/load';
import type { AlarmSignal, RdsEventSignal } from '../../../functions/signals/types';

const policy = (() => {
  const result = validatePolicy({
    version: 1,
    rules: [
      { name: 'web-out', on: { alarm: 'web-cpu-high' }, do: [{ alert: { severity: 'info' } }] },
      { name: 'any-web', on: { alarm: 'web-*' }, do: [{ alert: { severity: 'info' } }] },
      { name: 'web-ok', on: { alarm: 'web-cpu-high', state: 'OK' }, do: [{ alert: { severity: 'info' } }] },
      { name: 'failover', on: { rdsEvent: { category: 'failover', source: 'app-*' } }, do: [{ alert: { severity: 'critical' } }] },
      { name: 'replica-broken', on: { rdsEvent: { eventId: 'RDS-EVENT-0045' } }, do: [{ alert: { severity: 'warning' } }] },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.policy;
})();

const alarm = (alarmName: string, state: AlarmSignal['state']): AlarmSignal => ({ kind: 'alarm', id: 'x', time: '', via: 'eventbridge', alarmName, state, reason: '' });
const rds = (eventId: string, categories: string[], sourceId: string): RdsEventSignal => ({
  kind: 'rds-event', id: 'x', time: '', via: 'eventbridge', eventId, categories, sourceId, sourceType: 'db-instance', message: '',
});

describe('rule matching', () => {
  it('matches exact names and * globs, with state defaulting to ALARM, in policy order', () => {
    expect(matchAlarmRules(policy, alarm('web-cpu-high', 'ALARM')).map((r) => r.name)).toEqual(['web-out', 'any-web']);
    expect(matchAlarmRules(policy, alarm('web-cpu-high', 'OK')).map((r) => r.name)).toEqual(['web-ok']);
    expect(matchAlarmRules(policy, alarm('db-cpu', 'ALARM'))).toEqual([]);
  });

  it('treats glob metacharacters other than * literally', () => {
    expect(globMatches('app.db', 'appxdb')).toBe(false);
    expect(globMatches('*', 'anything')).toBe(true);
    expect(globMatches('a*b*c', 'a-long-b-way-c')).toBe(true);
  });

  it('matches RDS events on category (any case), event id and source glob', () => {
    expect(matchRdsEventRules(policy, rds('RDS-EVENT-0013', ['Failover'], 'app-db')).map((r) => r.name)).toEqual(['failover']);
    expect(matchRdsEventRules(policy, rds('RDS-EVENT-0013', ['failover'], 'orders-db'))).toEqual([]);
    expect(matchRdsEventRules(policy, rds('RDS-EVENT-0045', ['read replica'], 'app-db-r1')).map((r) => r.name)).toEqual(['replica-broken']);
  });
});

describe('alarm name patterns', () => {
  const rules = validatePolicy({
    version: 1,
    rules: [
      { name: 'exact', on: { alarm: 'web-cpu-high' }, do: [{ alert: { severity: 'info' } }] },
      { name: 'glob', on: { alarm: 'app-*-read-*' }, do: [{ alert: { severity: 'info' } }] },
      { name: 'stack', on: { alarm: { stack: 'wordpress', logicalId: 'CPUHighAlarm' }, state: 'OK' }, do: [{ alert: { severity: 'info' } }] },
    ],
  });
  if (!rules.ok) throw new Error('test policy is invalid');

  it('gives each alarm rule an exact name or a glob with its literal prefix; a stack alarm is <stack>-<logicalId>-*', () => {
    expect(alarmNamePatterns(rules.policy).map(({ rule, pattern }) => [rule.name, pattern])).toEqual([
      ['exact', { kind: 'exact', name: 'web-cpu-high' }],
      ['glob', { kind: 'glob', glob: 'app-*-read-*', prefix: 'app-' }],
      ['stack', { kind: 'glob', glob: 'wordpress-CPUHighAlarm-*', prefix: 'wordpress-CPUHighAlarm-' }],
    ]);
  });

  it('matches a stack alarm by the names CloudFormation gives it, and nothing else', () => {
    const signal = (alarmName: string) => ({ ...(parseAlarmInput(loadEvent('alarm/eventbridge-app-db-read-pressure-ok.json')).signals[0] as AlarmSignal), alarmName });

    expect(matchAlarmRules(rules.policy, signal('wordpress-CPUHighAlarm-DUEENYONAHR8')).map((r) => r.name)).toEqual(['stack']);
    expect(matchAlarmRules(rules.policy, signal('wordpress-CPUHighAlarmX-1'))).toEqual([]);
    expect(matchAlarmRules(rules.policy, signal('other-wordpress-CPUHighAlarm-1'))).toEqual([]);
  });
});
