/**
 * The worked example on the embedded AWS: its template deployed into CloudFormation, its
 * policy's targets resolved through ListStackResources and from the alarm in each of the three
 * alarm shapes, a resource the stack replaced resolved again, `validate --check-aws` clean,
 * and the policy packaged into a stack whose IAM and event patterns follow the stack targets.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyStep } from '../../functions/actions/steps';
import { readGroup } from '../../functions/actions/group/aws';
import { createClients } from '../../functions/aws/clients';
import { ResourceNotFoundError } from '../../functions/aws/errors';
import { cloudFormationStackResources } from '../../functions/aws/stack-resources';
import { EXIT } from '../../functions/cli/exit-codes';
import type { ValidateResult } from '../../functions/cli/validate/result';
import { loadPolicyFile } from '../../functions/policy/load';
import { matchAlarmRules } from '../../functions/policy/match';
import { createTargetResolver } from '../../functions/policy/stack-resolver';
import { parseAlarmInput } from '../../functions/signals/alarm';
import { packageStack, UPDATE_TEMPLATE } from '../../infra/stack/package';
import { loadEvent, withOverrides } from '../support/events';
import { deleteStack, deployStack, EXAMPLE_POLICY, type DeployedStack } from '../support/wordpress-stack';

const ROOT = join(__dirname, '..', '..');
const policy = loadPolicyFile(EXAMPLE_POLICY);
const clients = createClients();
const stepOf = (rule: string): PolicyStep => policy.rules.find((r) => r.name === rule)?.do[0] as PolicyStep;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'ops-autopilot.mjs'), ...args], { cwd: ROOT, env: { ...process.env, POLICY_PATH: undefined } }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** The three ways an alarm reaches alarm-remediation, for the stack's own CPU alarm and group. */
function cpuHighSignals(stack: DeployedStack) {
  const alarm = stack.ids.CPUHighAlarm as string;
  const group = stack.ids.AutoScalingGroup as string;
  const sample = (file: string) => JSON.stringify(loadEvent(file)).replaceAll('wordpress-CPUHighAlarm-DUEENYONAHR8', alarm).replaceAll('wordpress-AutoScalingGroup-OJIV7QUY94H9', group);
  return ['alarm/eventbridge-wordpress-cpu-high.json', 'alarm/sns-wordpress-cpu-high.json', 'alarm/lambda-action-wordpress-cpu-high.json'].map((file) => {
    const [signal] = parseAlarmInput(JSON.parse(sample(file))).signals;
    if (!signal) throw new Error(`${file} gave no signal`);
    return signal;
  });
}

describe('the WordPress example: stack targets on the embedded AWS', () => {
  let stack: DeployedStack;
  beforeAll(async () => {
    stack = await deployStack('wordpress');
  });

  it('resolves every stack target of the policy to what CloudFormation created', async () => {
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(), now: () => new Date() });

    const scaleIn = await resolver.resolve(stepOf('book-scale-in'));
    const addReader = await resolver.resolve(stepOf('book-db-add-reader'));

    expect(stack.ids.AutoScalingGroup).toMatch(/^wordpress-AutoScalingGroup-/);
    expect(scaleIn).toMatchObject({ ok: true, step: { options: { group: stack.ids.AutoScalingGroup } }, stackResources: [{ stack: 'wordpress', logicalId: 'AutoScalingGroup' }] });
    expect(addReader).toMatchObject({ ok: true, step: { options: { source: stack.ids.Database } } });
    await expect(readGroup(clients.autoScaling, stack.ids.AutoScalingGroup as string)).resolves.toMatchObject({ min: 2, max: 4 });
  });

  it('matches the stack alarm and takes the group from its dimension, through EventBridge, SNS and the Lambda action alike', async () => {
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(), now: () => new Date() });
    const signals = cpuHighSignals(stack);

    const resolved = [];
    for (const signal of signals) {
      const [rule] = matchAlarmRules(policy, signal);
      resolved.push([signal.via, rule?.name, await resolver.resolve(rule?.do[0] as PolicyStep, signal)]);
    }

    expect(resolved).toEqual(
      ['eventbridge', 'sns', 'lambda-action'].map((via) => [via, 'book-scale-out', { ok: true, step: expect.objectContaining({ options: expect.objectContaining({ group: stack.ids.AutoScalingGroup }) }), stackResources: [] }]),
    );
  });

  it('reports an alarm without the dimension, naming it, and changes nothing', async () => {
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(), now: () => new Date() });
    const [signal] = parseAlarmInput(withOverrides(loadEvent('alarm/eventbridge-wordpress-cpu-high.json'), { 'detail.configuration.metrics.0.metricStat.metric.dimensions': {} })).signals;

    const resolution = await resolver.resolve(stepOf('book-scale-out'), signal);

    expect(resolution).toEqual({
      ok: false,
      problem: expect.objectContaining({ code: 'missing-dimension', message: 'alarm wordpress-CPUHighAlarm-DUEENYONAHR8 has no dimension AutoScalingGroupName' }),
    });
  });

  it('finds the new group after the stack replaced it: not found, forget, resolve again', async () => {
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(), now: () => new Date() });
    const before = await resolver.resolve(stepOf('book-scale-in'));
    if (!before.ok || before.step.type !== 'scaleAutoScalingGroup') throw new Error('expected the group to resolve');

    await deleteStack('wordpress');
    stack = await deployStack('wordpress', undefined, 'K2W8XQ7N1M3P');
    const stale = readGroup(clients.autoScaling, before.step.options.group);
    await expect(stale).rejects.toThrow(ResourceNotFoundError);
    for (const ref of before.stackResources) resolver.forget(ref);
    const after = await resolver.resolve(stepOf('book-scale-in'));

    expect(after).toMatchObject({ ok: true, step: { options: { group: stack.ids.AutoScalingGroup } } });
    expect(stack.ids.AutoScalingGroup).not.toBe(before.step.options.group);
    await expect(readGroup(clients.autoScaling, stack.ids.AutoScalingGroup as string)).resolves.toMatchObject({ max: 4 });
  });

  it('validate --check-aws finds the stack resources and alarms, with no finding', async () => {
    const run = await cli(['validate', EXAMPLE_POLICY, '--check-aws', '--json']);

    expect([run.code, run.stderr]).toEqual([EXIT.ok, '']);
    const result = JSON.parse(run.stdout) as Extract<ValidateResult, { valid: true }>;
    expect(result.aws?.warnings).toEqual([]);
    expect(result.aws?.resources.map((r) => [r.type, r.id, r.exists])).toEqual([
      ['auto-scaling-group', stack.ids.AutoScalingGroup, true],
      ['rds-instance', stack.ids.Database, true],
      ['alarm', 'wordpress-CPUHighAlarm-*', true],
      ['alarm', 'wordpress-CPULowAlarm-*', true],
      ['alarm', 'wordpress-DatabaseReadLatencyAlarm-*', true],
    ]);
    expect(result.aws?.resources[0]).toMatchObject({ usedBy: ['book-scale-out', 'book-scale-in', 'book-night'] });
  });

  it('packages the policy: IAM scoped by the stack tags, the stack listing allowed, alarm rules by prefix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-wordpress-'));
    try {
      const out = packageStack({ root: ROOT, policyFile: EXAMPLE_POLICY, outDir: join(dir, 'out') });
      const template = JSON.parse(readFileSync(join(out, UPDATE_TEMPLATE), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      const text = JSON.stringify(template.Resources);

      const role = JSON.stringify(template.Resources.AlarmRemediationRole?.Properties);
      expect(role).toContain('"aws:ResourceTag/aws:cloudformation:stack-name":"wordpress"');
      expect(role).toContain('cloudformation:ListStackResources');
      expect(role).toContain(':stack/wordpress/*');
      expect(text).toContain('{"prefix":"wordpress-CPUHighAlarm-"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
