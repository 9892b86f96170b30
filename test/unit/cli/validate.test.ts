/** validate's pure parts: which resources a policy names, the verdict, and its text. */
import { formatValidation } from '../../../functions/cli/validate/format';
import { literalSteps, namedResources } from '../../../functions/cli/validate/named-resources';
import { passed, type ValidateResult } from '../../../functions/cli/validate/result';
import { doctorWarnings, type DoctorFacts } from '../../../functions/cli/validate/warnings';
import { createStyle } from '../../../functions/cli/style';
import { loadPolicyFile, runnablePolicy } from '../../../functions/policy/load';
import { join } from 'node:path';

const plain = createStyle(false);
const settings = { dryRun: false, maxActionsPerHour: 10, killSwitchParameter: '/ops-autopilot/paused', catchUpSeconds: 3600 };
const selftest = { ready: true as const, rules: ['selftest'] };

describe('namedResources', () => {
  it('lists each group, instance and cluster of infra/policy.yml once, with the rules and schedules that use it', () => {
    const file = join(__dirname, '..', '..', '..', 'infra', 'policy.yml');
    const policy = runnablePolicy(loadPolicyFile(file), file);

    expect(namedResources(literalSteps([...policy.rules, ...policy.schedules]), 'us-east-1')).toEqual([
      { type: 'auto-scaling-group', id: 'web-asg', usedBy: ['web-scale-out', 'web-scale-in', 'weekday-peak', 'weekday-off-peak'] },
      { type: 'rds-instance', id: 'app-db', usedBy: ['db-add-reader', 'db-remove-reader', 'weekday-peak', 'weekday-off-peak'] },
      { type: 'rds-cluster', id: 'orders-aurora', usedBy: ['orders-add-reader', 'orders-remove-reader'] },
    ]);
  });
});

describe('passed', () => {
  const valid: ValidateResult = { file: 'p.yml', valid: true, rules: 1, schedules: 0, settings, selftest };

  it('passes a valid policy, and with an AWS check only when every resource exists', () => {
    const resource = { type: 'auto-scaling-group' as const, id: 'web-asg', usedBy: ['r'] };

    expect(passed(valid)).toBe(true);
    expect(passed({ ...valid, aws: { region: 'us-east-1', resources: [{ ...resource, exists: true }], warnings: [] } })).toBe(true);
    expect(passed({ ...valid, aws: { region: 'us-east-1', resources: [{ ...resource, exists: false }], warnings: [] } })).toBe(false);
    expect(passed({ file: 'p.yml', valid: false, issues: [] })).toBe(false);
  });
});

describe('formatValidation', () => {
  it('lists every issue with where and field', () => {
    const result: ValidateResult = {
      file: 'bad.yml',
      valid: false,
      issues: [
        { where: 'rule "web-scale-out" (rules[0])', field: 'do[0].scaleAutoScalingGroup.by', message: 'must not be 0' },
        { where: 'policy', field: 'version', message: 'must be 1' },
      ],
    };

    expect(formatValidation(result, plain)).toBe(
      'bad.yml: invalid policy, 2 issues\n' +
        '  - rule "web-scale-out" (rules[0]), field do[0].scaleAutoScalingGroup.by: must not be 0\n' +
        '  - policy, field version: must be 1\n',
    );
  });

  it('summarises a valid policy and the AWS check, resource by resource', () => {
    const result: ValidateResult = {
      file: 'infra/policy.yml',
      valid: true,
      rules: 1,
      schedules: 2,
      settings,
      selftest,
      aws: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:5000',
        resources: [
          { type: 'auto-scaling-group', id: 'web-asg', usedBy: ['web-scale-out'], exists: true },
          { type: 'rds-cluster', id: 'orders-aurora', usedBy: ['orders-add-reader', 'weekday-peak'], exists: false },
        ],
        warnings: [],
      },
    };

    expect(formatValidation(result, plain)).toBe(
      'infra/policy.yml: valid policy, 1 rule and 2 schedules\n' +
        '  settings: dryRun false, maxActionsPerHour 10, killSwitchParameter /ops-autopilot/paused\n' +
        '  selftest: enabled by dry-run rule selftest (ops-autopilot selftest --stage <stage>)\n' +
        'AWS resources (region us-east-1 via http://127.0.0.1:5000):\n' +
        '  found    auto-scaling-group web-asg  used by web-scale-out\n' +
        '  MISSING  rds-cluster orders-aurora   used by orders-add-reader, weekday-peak\n' +
        '1 of 2 resources missing\n',
    );
  });
});

describe('doctorWarnings', () => {
  const step = (group: string, max: number) => ({ item: 'scale-out', index: 0, step: { type: 'scaleAutoScalingGroup' as const, options: { group, by: 1, max, cooldown: 300 } }, stackResources: [] });
  const facts = (overrides: Partial<DoctorFacts>): DoctorFacts => ({ steps: [], groups: [], alarms: [], sources: [], autoScaledClusters: [], ...overrides });
  const web = { name: 'web-asg', maxSize: 4, scalingPolicies: ['arn:aws:autoscaling:us-east-1:1:scalingPolicy:p1:autoScalingGroupName/web-asg:policyName/up'] };

  it('warns of two controllers only for a scaling policy of a group this policy changes', () => {
    const alarm = (actions: string[]) => ({ name: 'web-cpu-high', actions, rules: ['scale-out'] });

    expect(doctorWarnings(facts({ groups: [web], alarms: [alarm(web.scalingPolicies)] })).map((w) => [w.code, w.resource.id])).toEqual([['two-controllers', 'web-cpu-high']]);
    expect(doctorWarnings(facts({ groups: [web], alarms: [alarm(['arn:aws:autoscaling:us-east-1:1:scalingPolicy:p2:autoScalingGroupName/other:policyName/up'])] }))).toEqual([]);
    expect(doctorWarnings(facts({ groups: [web], alarms: [alarm(['arn:aws:sns:us-east-1:1:ops'])] }))).toEqual([]);
  });

  it('makes no-backups an error and the rest warnings; a max at MaxSize is reachable', () => {
    const warnings = doctorWarnings(
      facts({ steps: [step('web-asg', 4), step('web-asg', 5)], groups: [web], sources: [{ id: 'app-db', backupRetentionDays: 0 }, { id: 'ok-db', backupRetentionDays: 1 }], autoScaledClusters: ['orders-aurora'] }),
    );

    expect(warnings.map((w) => [w.code, w.severity, w.resource.id])).toEqual([
      ['no-backups', 'error', 'app-db'],
      ['max-above-group', 'warning', 'web-asg'],
      ['aurora-autoscaling', 'warning', 'orders-aurora'],
    ]);
  });

  it('prints the findings under Doctor, errors marked, and counts them in the verdict', () => {
    const result: ValidateResult = {
      file: 'p.yml',
      valid: true,
      rules: 1,
      schedules: 0,
      settings,
      selftest,
      aws: {
        region: 'us-east-1',
        resources: [{ type: 'alarm', id: 'web-*', usedBy: ['r'], exists: true, matches: ['web-cpu-high', 'web-cpu-low'] }],
        warnings: [{ code: 'no-backups', severity: 'error', resource: { type: 'rds-instance', id: 'app-db' }, message: 'backups off; set BackupRetentionPeriod to 1 or more' }],
      },
    };

    expect(formatValidation(result, plain)).toBe(
      'p.yml: valid policy, 1 rule and 0 schedules\n' +
        '  settings: dryRun false, maxActionsPerHour 10, killSwitchParameter /ops-autopilot/paused\n' +
        '  selftest: enabled by dry-run rule selftest (ops-autopilot selftest --stage <stage>)\n' +
        'AWS resources (region us-east-1):\n' +
        '  found    alarm web-*  used by r (matches web-cpu-high, web-cpu-low)\n' +
        'Doctor:\n' +
        '  ✗ no-backups (error)  rds-instance app-db: backups off; set BackupRetentionPeriod to 1 or more\n' +
        'all 1 resource found; 1 finding, 1 error\n',
    );
    expect(passed(result)).toBe(false);
  });
});
