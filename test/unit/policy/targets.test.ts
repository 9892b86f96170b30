/** Target resolution: the pure core, the runtime form of a policy, and the CloudFormation resolver's cache. */
import type { PolicyStep } from '../../../functions/actions/steps';
import { RetryableAwsError } from '../../../functions/errors';
import { literalPolicy } from '../../../functions/policy/literal-policy';
import { validatePolicy } from '../../../functions/policy/load';
import type { PolicyDocument } from '../../../functions/policy/schema';
import { createTargetResolver, type StackResource } from '../../../functions/policy/stack-resolver';
import { resolveStepTargets, type TriggeringAlarm } from '../../../functions/policy/targets';
import { parseAlarmInput } from '../../../functions/signals/alarm';
import { loadEvent } from '../../support/events';

function policyOf(document: object): PolicyDocument {
  const result = validatePolicy(document);
  if (!result.ok) throw new Error(`test policy is invalid: ${JSON.stringify(result.issues)}`);
  return result.policy;
}

const policy = policyOf({
  version: 1,
  targets: {
    web: { autoScalingGroup: 'web-asg' },
    'book-web': { autoScalingGroup: { stack: 'wordpress', logicalId: 'AutoScalingGroup' } },
    'book-db': { rdsInstance: { stack: 'wordpress', logicalId: 'Database' } },
  },
  rules: [
    {
      name: 'steps',
      on: { alarm: { stack: 'wordpress', logicalId: 'CPUHighAlarm' } },
      do: [
        { scaleAutoScalingGroup: { group: 'web-asg', by: 1 } },
        { scaleAutoScalingGroup: { group: 'web', by: 1 } },
        { scaleAutoScalingGroup: { group: { fromAlarm: 'AutoScalingGroupName' }, by: 1, max: 4 } },
        { scaleAutoScalingGroup: { group: 'book-web', by: 1 } },
        { addReadReplica: { source: 'book-db' } },
        { alert: { severity: 'info' } },
      ],
    },
  ],
});
const steps = policy.rules[0]?.do as PolicyStep[];
const step = (index: number) => steps[index] as PolicyStep;
const wordpressAlarm: TriggeringAlarm = { alarmName: 'wordpress-CPUHighAlarm-DUEENYONAHR8', dimensions: { AutoScalingGroupName: 'wordpress-AutoScalingGroup-OJIV7QUY94H9' }, alarmType: 'metric' };

describe('resolveStepTargets', () => {
  it('keeps a literal identifier and turns a target name into what the target names', () => {
    expect(resolveStepTargets(step(0), { targets: policy.targets })).toEqual({ ok: true, step: { type: 'scaleAutoScalingGroup', options: { group: 'web-asg', by: 1, cooldown: 300 } }, stackResources: [] });
    expect(resolveStepTargets(step(1), { targets: policy.targets })).toMatchObject({ ok: true, step: { options: { group: 'web-asg' } } });
    expect(resolveStepTargets(step(5), { targets: policy.targets })).toEqual({ ok: true, step: { type: 'alert', options: { severity: 'info' } }, stackResources: [] });
  });

  it('takes { fromAlarm } from the triggering alarm, whichever way the alarm arrived', () => {
    const files = ['alarm/eventbridge-wordpress-cpu-high.json', 'alarm/sns-wordpress-cpu-high.json', 'alarm/lambda-action-wordpress-cpu-high.json'];
    const groups = files.map((file) => {
      const [signal] = parseAlarmInput(loadEvent(file)).signals;
      const resolution = resolveStepTargets(step(2), { targets: policy.targets, alarm: signal });
      return resolution.ok && resolution.step.type === 'scaleAutoScalingGroup' ? resolution.step.options.group : resolution;
    });

    expect(groups).toEqual(['wordpress-AutoScalingGroup-OJIV7QUY94H9', 'wordpress-AutoScalingGroup-OJIV7QUY94H9', 'wordpress-AutoScalingGroup-OJIV7QUY94H9']);
  });

  it('reports an alarm without the dimension as a problem naming the alarm and the dimension; a composite says why', () => {
    const composite = parseAlarmInput(loadEvent('alarm/eventbridge-composite.json')).signals[0];

    expect(resolveStepTargets(step(2), { targets: policy.targets, alarm: { alarmName: 'web-cpu-high', dimensions: { InstanceId: 'i-1' } } })).toEqual({
      ok: false,
      problem: { code: 'missing-dimension', field: 'group', reference: { fromAlarm: 'AutoScalingGroupName' }, message: 'alarm web-cpu-high has no dimension AutoScalingGroupName' },
    });
    expect(resolveStepTargets(step(2), { targets: policy.targets, alarm: composite })).toMatchObject({
      ok: false,
      problem: { message: 'alarm app-db-read-pressure has no dimension AutoScalingGroupName (a composite alarm has no metric)' },
    });
    expect(resolveStepTargets(step(2), { targets: policy.targets })).toMatchObject({ ok: false, problem: { code: 'no-alarm' } });
  });

  it('takes a stack resource from the ids looked up beforehand, and says so when it was not', () => {
    const stackIds = new Map([['wordpress/AutoScalingGroup', 'wordpress-AutoScalingGroup-OJIV7QUY94H9']]);

    expect(resolveStepTargets(step(3), { targets: policy.targets, stackIds })).toEqual({
      ok: true,
      step: { type: 'scaleAutoScalingGroup', options: { group: 'wordpress-AutoScalingGroup-OJIV7QUY94H9', by: 1, cooldown: 300 } },
      stackResources: [{ stack: 'wordpress', logicalId: 'AutoScalingGroup' }],
    });
    expect(resolveStepTargets(step(4), { targets: policy.targets, stackIds })).toMatchObject({ ok: false, problem: { code: 'stack-not-looked-up', field: 'source', reference: 'book-db' } });
  });
});

describe('literalPolicy', () => {
  it('resolves target names once, and refuses steps that only an invocation can resolve, naming each', () => {
    const literal = literalPolicy(policyOf({ version: 1, targets: { web: { autoScalingGroup: 'web-asg' } }, rules: [{ name: 'r', on: { alarm: 'a' }, do: [{ setCapacity: { group: 'web', min: 1 } }] }] }));

    expect(literal).toMatchObject({ ok: true, policy: { rules: [{ do: [{ options: { group: 'web-asg' } }] }] } });
    expect(literalPolicy(policy)).toEqual({
      ok: false,
      issues: [
        { where: 'rule "steps" (rules[0])', field: 'do[2].scaleAutoScalingGroup.group', message: expect.stringMatching(/^\{ fromAlarm: AutoScalingGroupName \} is resolved when the step runs/) },
        { where: 'rule "steps" (rules[0])', field: 'do[3].scaleAutoScalingGroup.group', message: expect.stringMatching(/^book-web is resolved when the step runs/) },
        { where: 'rule "steps" (rules[0])', field: 'do[4].addReadReplica.source', message: expect.stringMatching(/^book-db is resolved when the step runs/) },
      ],
    });
  });
});

describe('createTargetResolver', () => {
  const resource = (logicalId: string, physicalId: string, type = 'AWS::AutoScaling::AutoScalingGroup', status = 'CREATE_COMPLETE'): StackResource => ({ logicalId, physicalId, type, status });

  /** A CloudFormation stand-in: the stacks it knows, and how often it was asked. */
  function stacks(initial: Record<string, StackResource[]>) {
    const state = { stacks: initial, calls: 0, fail: undefined as Error | undefined };
    const listStackResources = async (stack: string) => {
      state.calls += 1;
      if (state.fail) throw state.fail;
      return state.stacks[stack];
    };
    return { state, listStackResources };
  }

  it('resolves a stack target through one listing per stack, cached until forgotten or too old', async () => {
    const { state, listStackResources } = stacks({ wordpress: [resource('AutoScalingGroup', 'wordpress-AutoScalingGroup-A'), resource('Database', 'wordpress-database-a', 'AWS::RDS::DBInstance')] });
    let now = new Date('2026-12-01T00:00:00Z');
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources, now: () => now, maxAgeSeconds: 600 });

    const first = await resolver.resolve(step(3));
    const db = await resolver.resolve(step(4));
    // The stack replaced the group: the cached id is stale until the caller forgets it.
    state.stacks = { wordpress: [resource('AutoScalingGroup', 'wordpress-AutoScalingGroup-B')] };
    const cached = await resolver.resolve(step(3));
    resolver.forget({ stack: 'wordpress', logicalId: 'AutoScalingGroup' });
    const fresh = await resolver.resolve(step(3));
    now = new Date('2026-12-01T00:11:00Z');
    await resolver.resolve(step(3));

    expect([first, cached, fresh].map((r) => r.ok && r.step.type === 'scaleAutoScalingGroup' && r.step.options.group)).toEqual([
      'wordpress-AutoScalingGroup-A',
      'wordpress-AutoScalingGroup-A',
      'wordpress-AutoScalingGroup-B',
    ]);
    expect(db).toMatchObject({ ok: true, step: { options: { source: 'wordpress-database-a' } } });
    expect(state.calls).toBe(3);
  });

  it('reports a missing stack, a missing logical id, a resource of another type or one not created, and does not cache them', async () => {
    const { state, listStackResources } = stacks({});
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources, now: () => new Date() });

    const noStack = await resolver.resolve(step(3));
    state.stacks = { wordpress: [resource('Database', 'wordpress-database-a', 'AWS::RDS::DBInstance')] };
    const noResource = await resolver.resolve(step(3));
    state.stacks = { wordpress: [resource('AutoScalingGroup', 'lt-1', 'AWS::EC2::LaunchTemplate')] };
    const wrongType = await resolver.resolve(step(3));
    state.stacks = { wordpress: [{ logicalId: 'AutoScalingGroup', type: 'AWS::AutoScaling::AutoScalingGroup', status: 'CREATE_IN_PROGRESS' }] };
    const notCreated = await resolver.resolve(step(3));

    expect([noStack, noResource, wrongType, notCreated].map((r) => (r.ok ? 'ok' : `${r.problem.code}: ${r.problem.message}`))).toEqual([
      'stack-not-found: group { stack: wordpress, logicalId: AutoScalingGroup }: stack wordpress does not exist',
      'not-in-stack: group { stack: wordpress, logicalId: AutoScalingGroup }: stack wordpress has no resource AutoScalingGroup',
      'wrong-resource-type: group { stack: wordpress, logicalId: AutoScalingGroup }: AutoScalingGroup in stack wordpress is an AWS::EC2::LaunchTemplate; group takes an AWS::AutoScaling::AutoScalingGroup',
      'not-created: group { stack: wordpress, logicalId: AutoScalingGroup }: AutoScalingGroup in stack wordpress does not exist (CREATE_IN_PROGRESS)',
    ]);
    expect(state.calls).toBe(4);
  });

  it('throws a retryable error when CloudFormation does not answer, and a problem when it refuses', async () => {
    const { state, listStackResources } = stacks({});
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources, now: () => new Date() });
    state.fail = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

    await expect(resolver.resolve(step(3))).rejects.toThrow(RetryableAwsError);
    state.fail = Object.assign(new Error('not authorized to perform: cloudformation:ListStackResources'), { name: 'AccessDenied' });
    await expect(resolver.resolve(step(3))).resolves.toMatchObject({ ok: false, problem: { code: 'stack-unreadable' } });
  });

  it('resolves { fromAlarm } and literal steps without asking CloudFormation', async () => {
    const { state, listStackResources } = stacks({});
    const resolver = createTargetResolver({ targets: policy.targets, listStackResources, now: () => new Date() });

    await expect(resolver.resolve(step(2), wordpressAlarm)).resolves.toMatchObject({ ok: true, step: { options: { group: 'wordpress-AutoScalingGroup-OJIV7QUY94H9' } } });
    await expect(resolver.resolve(step(1))).resolves.toMatchObject({ ok: true, step: { options: { group: 'web-asg' } } });
    expect(state.calls).toBe(0);
  });
});
