/**
 * The WordPress example end to end: the functions resolve `{ stack, logicalId }` and
 * `{ fromAlarm }` when a step runs, act on what CloudFormation created, and report a step
 * they cannot resolve instead of changing anything.
 */
import { readGroup } from '../../functions/actions/group/aws';
import { createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { loadPolicyFile } from '../../functions/policy/load';
import { targetResolverFor, type Runtime } from '../../functions/runner/runtime';
import { loadEvent, withOverrides } from '../support/events';
import { deployStack, EXAMPLE_POLICY, type DeployedStack } from '../support/wordpress-stack';
import { setUpWorld, type TestWorld } from '../support/world';

const clients = createClients();

describe('the functions act on stack targets', () => {
  let world: TestWorld;
  let stack: DeployedStack;
  let runtime: Runtime;
  beforeAll(async () => {
    world = await setUpWorld();
    stack = await deployStack('wordpress');
    const policy = loadPolicyFile(EXAMPLE_POLICY);
    runtime = { ...world.runtime({ version: 1 }), policy, resolver: targetResolverFor(policy) };
  });

  const cpuHigh = (file: string) =>
    JSON.parse(
      JSON.stringify(loadEvent(file))
        .replaceAll('wordpress-CPUHighAlarm-DUEENYONAHR8', stack.ids.CPUHighAlarm ?? '')
        .replaceAll('wordpress-AutoScalingGroup-OJIV7QUY94H9', stack.ids.AutoScalingGroup ?? ''),
    ) as unknown;

  it("scales the group the alarm's dimension names, once, whichever shape delivers the alarm", async () => {
    const group = stack.ids.AutoScalingGroup ?? '';
    const before = (await readGroup(clients.autoScaling, group)).desired;

    const summaries = [];
    for (const file of ['alarm/eventbridge-wordpress-cpu-high.json', 'alarm/sns-wordpress-cpu-high.json', 'alarm/lambda-action-wordpress-cpu-high.json']) {
      summaries.push(await remediateAlarms(cpuHigh(file), runtime));
    }

    expect(summaries.map((s) => s.steps[0]?.outcome)).toEqual(['done', 'duplicate', 'duplicate']);
    expect((await readGroup(clients.autoScaling, group)).desired).toBe(before + 1);
    const [report] = await world.readAlerts();
    expect(report?.resource).toMatchObject({ type: 'auto-scaling-group', id: group });
  });

  it('reports a step whose alarm has no such dimension, naming it, and changes nothing', async () => {
    const group = stack.ids.AutoScalingGroup ?? '';
    const before = (await readGroup(clients.autoScaling, group)).desired;
    const event = withOverrides(cpuHigh('alarm/eventbridge-wordpress-cpu-high.json'), {
      'detail.configuration.metrics.0.metricStat.metric.dimensions': {},
      'detail.state.timestamp': '2026-11-24T12:00:00.000+0000',
    });

    const summary = await remediateAlarms(event, runtime);

    expect(summary.steps[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('has no dimension AutoScalingGroupName') });
    expect(summary.retryable).toBe(0);
    expect((await readGroup(clients.autoScaling, group)).desired).toBe(before);
    const [report] = await world.readAlerts();
    expect(report).toMatchObject({ severity: 'critical', action: { outcome: 'failed' }, resource: { id: 'fromAlarm AutoScalingGroupName' } });
  });
});
