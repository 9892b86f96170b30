import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PolicyError } from '../../../functions/errors';
import { parsePolicyText, validatePolicy } from '../../../functions/policy/load';

function issuesOf(policy: object): string[] {
  const result = validatePolicy(policy);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.issues.map((i) => `${i.where}${i.field ? ` ${i.field}` : ''}: ${i.message}`);
}

const rule = (name: string, step: object, on: object = { alarm: 'web-cpu-high' }) => ({ name, on, do: [step] });

describe('policy validation names the rule and the field', () => {
  it('accepts the policy in DESIGN.md and fills the documented defaults', () => {
    const result = validatePolicy(parse(readFileSync('infra/policy.yml', 'utf8')));
    expect(result.ok).toBe(true);
    const policy = validatePolicy({ version: 1, rules: [rule('web-scale-out', { scaleAutoScalingGroup: { group: 'web-asg', by: 1 } })] });
    expect(policy).toMatchObject({
      ok: true,
      policy: {
        settings: { dryRun: false, maxActionsPerHour: 10, killSwitchParameter: '/ops-autopilot/paused' },
        rules: [{ on: { alarm: 'web-cpu-high', state: 'ALARM' }, do: [{ type: 'scaleAutoScalingGroup', options: { cooldown: 300 } }] }],
        schedules: [],
      },
    });
  });

  it('refuses unknown keys (typos) at every level', () => {
    expect(issuesOf({ version: 1, setings: {} })).toEqual([expect.stringMatching(/^policy: Unrecognized key: "setings"/)]);
    expect(issuesOf({ version: 1, settings: { dryrun: true } })).toEqual([expect.stringMatching(/^settings: Unrecognized key: "dryrun"/)]);
    expect(issuesOf({ version: 1, rules: [rule('web-scale-out', { scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldwn: 5 } })] })).toEqual([
      expect.stringMatching(/^rule "web-scale-out" \(rules\[0\]\) do\[0\]\.scaleAutoScalingGroup: Unrecognized key: "cooldwn"/),
    ]);
  });

  it('names the valid actions for an unknown one', () => {
    expect(issuesOf({ version: 1, rules: [rule('r1', { scaleASG: { group: 'web-asg' } })] })).toEqual([
      'rule "r1" (rules[0]) do[0].scaleASG: unknown action "scaleASG"; valid actions: scaleAutoScalingGroup, addReadReplica, removeReadReplica, setCapacity, setReadReplicas, alert',
    ]);
  });

  it('refuses wrong types', () => {
    expect(issuesOf({ version: 1, rules: [rule('r1', { scaleAutoScalingGroup: { group: 'web-asg', by: 'two' } })] })).toEqual([
      expect.stringMatching(/^rule "r1" \(rules\[0\]\) do\[0\]\.scaleAutoScalingGroup\.by: Invalid input: expected number, received string/),
    ]);
    expect(issuesOf({ version: 2 })).toEqual(['policy version: must be 1']);
  });

  it('refuses duplicate rule names', () => {
    const step = { alert: { severity: 'info' } };
    expect(issuesOf({ version: 1, rules: [rule('same', step), rule('same', step)] })).toEqual(['rule "same" (rules[1]) name: duplicate name "same" (also rules[0])']);
  });

  it('refuses source and cluster together, by and to together, min above max', () => {
    expect(
      issuesOf({
        version: 1,
        rules: [
          rule('both-targets', { addReadReplica: { source: 'app-db', cluster: 'orders-aurora' } }),
          rule('both-amounts', { scaleAutoScalingGroup: { group: 'web-asg', by: 1, to: 3 } }),
          rule('min-above-max', { scaleAutoScalingGroup: { group: 'web-asg', by: 1, min: 5, max: 2 } }),
          rule('no-target', { removeReadReplica: { min: 1 } }),
        ],
      }),
    ).toEqual([
      'rule "both-targets" (rules[0]) do[0].addReadReplica.cluster: give either source or cluster, not both',
      'rule "both-amounts" (rules[1]) do[0].scaleAutoScalingGroup.to: give either by or to, not both',
      'rule "min-above-max" (rules[2]) do[0].scaleAutoScalingGroup.min: min (5) is above max (2)',
      'rule "no-target" (rules[3]) do[0].removeReadReplica: needs one of source or cluster',
    ]);
  });

  it('refuses a replica max beyond the engine limit and bad names', () => {
    expect(issuesOf({ version: 1, rules: [rule('Web_Scale', { addReadReplica: { source: 'app-db', max: 20 } })] })).toEqual([
      'rule "Web_Scale" (rules[0]) name: must be lowercase letters, digits and single dashes, e.g. web-scale-out',
      'rule "Web_Scale" (rules[0]) do[0].addReadReplica.max: the engine allows at most 15 replicas',
    ]);
  });

  it('refuses replica overrides that cannot apply, naming the field', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(
      issuesOf({
        version: 1,
        rules: [
          rule('a', { addReadReplica: { cluster: 'orders-aurora', securityGroups: ['sg-12345678'], kmsKey: key } }),
          rule('b', { setReadReplicas: { source: 'app-db', count: 2, securityGroups: ['web-sg', 'sg-12345678', 'sg-12345678'] } }),
          rule('c', { addReadReplica: { source: 'app-db', securityGroups: [], kmsKey: 'alias/aws/rds' } }),
        ],
      }),
    ).toEqual([
      "rule \"a\" (rules[0]) do[0].addReadReplica.securityGroups: applies to replicas of a source only; an Aurora reader uses the cluster's security groups",
      "rule \"a\" (rules[0]) do[0].addReadReplica.kmsKey: applies to replicas of a source only; an Aurora reader is encrypted with the cluster's key",
      'rule "b" (rules[1]) do[0].setReadReplicas.securityGroups[0]: must be a security group id, e.g. sg-0123456789abcdef0',
      'rule "b" (rules[1]) do[0].setReadReplicas.securityGroups: must not list a security group twice',
      'rule "c" (rules[2]) do[0].addReadReplica.securityGroups: must list at least one security group',
      'rule "c" (rules[2]) do[0].addReadReplica.kmsKey: must be a KMS key ARN, e.g. arn:aws:kms:us-east-1:123456789012:key/…',
    ]);
  });

  it('refuses an invalid cron and time zone in a schedule, naming the schedule', () => {
    const issues = issuesOf({ version: 1, schedules: [{ name: 'night', cron: '0 22 * * *', timezone: 'Mars/Olympus', do: [{ setCapacity: { group: 'web-asg', min: 1 } }] }] });
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^schedule "night" \(schedules\[0\]\) cron: /);
    expect(issues[1]).toBe('schedule "night" (schedules[0]) timezone: unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin or UTC');
  });

  it('lists every issue of a file in one PolicyError', () => {
    const text = 'version: 1\nrules:\n  - name: a\n    on: { alarm: x, state: FIRING }\n    do: []\n';
    expect(() => parsePolicyText(text, 'policy.yml')).toThrow(PolicyError);
    try {
      parsePolicyText(text, 'policy.yml');
    } catch (err) {
      expect((err as PolicyError).message).toMatch(/^invalid policy policy\.yml:\n {2}- rule "a" \(rules\[0\]\), field on/);
      expect((err as PolicyError).issues.map((i) => i.field)).toEqual(['on', 'do']);
    }
  });

  it('refuses YAML that does not parse, and duplicate keys', () => {
    expect(() => parsePolicyText('version: 1\nversion: 1\n', 'dup.yml')).toThrow(/not valid YAML\/JSON: .*[Mm]ap keys must be unique/);
  });
});
