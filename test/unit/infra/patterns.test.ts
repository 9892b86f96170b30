import { join } from 'node:path';
import { loadPolicyFile, parsePolicyText } from '../../../functions/policy/load';
import { globMatches } from '../../../functions/policy/match';
import { alarmEventPatterns, globMatcher, rdsEventPatterns, type Matcher } from '../../../infra/stack/patterns';

const defaultPolicy = () => loadPolicyFile(join(__dirname, '../../../infra/policy.yml'));

const policyWith = (rules: string) => parsePolicyText(`version: 1\nrules:\n${rules}`, 'test.yml');

/** What EventBridge does with a matcher, to check it agrees with the policy's own glob matching. */
function eventBridgeMatches(matcher: Matcher | undefined, value: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return matcher === value;
  if ('prefix' in matcher) return value.startsWith(matcher.prefix);
  if ('suffix' in matcher) return value.endsWith(matcher.suffix);
  if ('wildcard' in matcher) return globMatches(matcher.wildcard.replaceAll('\\\\', '\\'), value);
  return matcher['equals-ignore-case'].toLowerCase() === value.toLowerCase();
}

describe('globMatcher', () => {
  it.each([
    ['web-cpu-high', 'web-cpu-high'],
    ['web-*', { prefix: 'web-' }],
    ['*-high', { suffix: '-high' }],
    ['web-*-high', { wildcard: 'web-*-high' }],
    ['*cpu*', { wildcard: '*cpu*' }],
    ['web-**', { prefix: 'web-' }],
    ['a\\b*c*', { wildcard: 'a\\\\b*c*' }],
  ])('turns %s into the narrowest EventBridge matcher', (glob, expected) => {
    expect(globMatcher(glob)).toEqual(expected);
  });

  it('leaves a bare * (any value) out of the pattern', () => {
    expect(globMatcher('*')).toBeUndefined();
    expect(globMatcher('***')).toBeUndefined();
  });

  it.each(['web-*', '*-high', 'web-*-high', '*cpu*', 'exact', '*'])('matches what the policy glob %s matches', (glob) => {
    const names = ['web-cpu-high', 'web-low', 'api-cpu-high', 'exact', 'cpu', 'web-', '-high', ''];
    for (const name of names) expect([name, eventBridgeMatches(globMatcher(glob), name)]).toEqual([name, globMatches(glob, name)]);
  });
});

describe('alarmEventPatterns', () => {
  it('derives one rule per alarm set from the default policy, each state only with its own alarms', () => {
    const patterns = alarmEventPatterns(defaultPolicy());

    expect(patterns).toEqual([
      {
        pattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: { alarmName: ['app-db-read-pressure', 'orders-cpu-high'], state: { value: ['OK'] } },
        },
        rules: ['db-remove-reader', 'orders-remove-reader'],
      },
      {
        pattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: { alarmName: ['web-cpu-high', 'web-cpu-low', 'app-db-read-pressure', 'orders-cpu-high'], state: { value: ['ALARM'] } },
        },
        rules: ['web-scale-out', 'web-scale-in', 'db-add-reader', 'orders-add-reader'],
      },
    ]);
  });

  it('mixes exact names, prefixes and wildcards, once each', () => {
    const policy = policyWith(`
  - { name: a, on: { alarm: web-* }, do: [{ alert: { severity: info } }] }
  - { name: b, on: { alarm: db-*-high }, do: [{ alert: { severity: info } }] }
  - { name: c, on: { alarm: exact-one }, do: [{ alert: { severity: info } }] }
  - { name: d, on: { alarm: web-* }, do: [{ alert: { severity: warning } }] }
`);
    expect(alarmEventPatterns(policy).map((p) => p.pattern.detail)).toEqual([
      { alarmName: [{ prefix: 'web-' }, { wildcard: 'db-*-high' }, 'exact-one'], state: { value: ['ALARM'] } },
    ]);
  });

  it('listens to every alarm of a state when a rule says *, and merges states that want the same alarms', () => {
    const policy = policyWith(`
  - { name: a, on: { alarm: '*', state: ALARM }, do: [{ alert: { severity: info } }] }
  - { name: b, on: { alarm: web-cpu, state: ALARM }, do: [{ alert: { severity: info } }] }
  - { name: c, on: { alarm: x, state: OK }, do: [{ alert: { severity: info } }] }
  - { name: d, on: { alarm: x, state: INSUFFICIENT_DATA }, do: [{ alert: { severity: info } }] }
`);
    expect(alarmEventPatterns(policy)).toEqual([
      expect.objectContaining({ pattern: expect.objectContaining({ detail: { alarmName: ['x'], state: { value: ['OK', 'INSUFFICIENT_DATA'] } } }), rules: ['c', 'd'] }),
      expect.objectContaining({ pattern: expect.objectContaining({ detail: { state: { value: ['ALARM'] } } }), rules: ['a', 'b'] }),
    ]);
  });

  it('derives no rule when the policy has no alarm rules', () => {
    expect(alarmEventPatterns(parsePolicyText('version: 1', 'empty.yml'))).toEqual([]);
  });
});

describe('rdsEventPatterns', () => {
  it('narrows instance and cluster events by category, event id and source', () => {
    const policy = policyWith(`
  - { name: a, on: { rdsEvent: { category: failover, source: "app-*" } }, do: [{ alert: { severity: critical } }] }
  - { name: b, on: { rdsEvent: { eventId: RDS-EVENT-0049 } }, do: [{ alert: { severity: info } }] }
  - { name: c, on: { rdsEvent: { eventId: "RDS-EVENT-00*", source: orders-aurora } }, do: [{ alert: { severity: info } }] }
  - { name: d, on: { rdsEvent: { category: failover, source: "app-*" } }, do: [{ alert: { severity: info } }] }
`);
    const detailType = ['RDS DB Instance Event', 'RDS DB Cluster Event'];
    expect(rdsEventPatterns(policy)).toEqual([
      {
        pattern: { source: ['aws.rds'], 'detail-type': detailType, detail: { EventCategories: [{ 'equals-ignore-case': 'failover' }], SourceIdentifier: [{ prefix: 'app-' }] } },
        rules: ['a', 'd'],
      },
      { pattern: { source: ['aws.rds'], 'detail-type': detailType, detail: { EventID: ['RDS-EVENT-0049'] } }, rules: ['b'] },
      {
        pattern: { source: ['aws.rds'], 'detail-type': detailType, detail: { EventID: [{ prefix: 'RDS-EVENT-00' }], SourceIdentifier: ['orders-aurora'] } },
        rules: ['c'],
      },
    ]);
  });

  it('covers the default policy: failover on app-* and low storage anywhere', () => {
    expect(rdsEventPatterns(defaultPolicy()).map((p) => p.pattern.detail)).toEqual([
      { EventCategories: [{ 'equals-ignore-case': 'failover' }], SourceIdentifier: [{ prefix: 'app-' }] },
      { EventCategories: [{ 'equals-ignore-case': 'low storage' }] },
    ]);
  });
});

describe('alarmEventPatterns for stack alarms', () => {
  it('matches { stack, logicalId } by the prefix CloudFormation gives the alarm, beside exact names', () => {
    const patterns = alarmEventPatterns(
      policyWith(`  - { name: book, on: { alarm: { stack: wordpress, logicalId: CPUHighAlarm } }, do: [{ alert: { severity: info } }] }
  - { name: web, on: { alarm: web-cpu-high }, do: [{ alert: { severity: info } }] }`),
    );

    expect(patterns).toEqual([
      {
        pattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: 'wordpress-CPUHighAlarm-' }, 'web-cpu-high'], state: { value: ['ALARM'] } } },
        rules: ['book', 'web'],
      },
    ]);
  });
});
