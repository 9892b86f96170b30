/**
 * `plan --reconcile` shows what a reconcile run would do now and changes nothing: the same
 * selections as a run, each step planned, the announcements it has not made; after the run, the
 * same plan shows the steps as duplicates and nothing left to announce.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { stringify } from 'yaml';
import { clientConfig } from '../../functions/aws/clients';
import { runCli } from '../../functions/cli/cli';
import { EXIT } from '../../functions/cli/exit-codes';
import type { ReconcilePlan } from '../../functions/cli/plan/plan-reconcile';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { reconcile } from '../../functions/flows/reconcile/reconcile';
import { alarmStateChange } from '../support/alarm-events';
import { desired, replicaCount } from '../support/aws-reads';
import { capturedIo } from '../support/cli-io';
import { setUpWorld, type TestWorld } from '../support/world';

const cloudWatch = new CloudWatchClient(clientConfig());
const policy = {
  version: 1,
  rules: [
    { name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, max: 5, cooldown: 300 } }] },
    { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, repeat: false, do: [{ addReadReplica: { source: 'app-db', max: 3, cooldown: 600 } }] },
  ],
};

async function planReconcile(policyFile: string): Promise<{ code: number; plan: ReconcilePlan; human: string }> {
  const json = capturedIo();
  const code = await runCli(['plan', '--reconcile', '--policy', policyFile, '--json'], json);
  const human = capturedIo();
  await runCli(['plan', '--reconcile', '--policy', policyFile], human);
  return { code, plan: JSON.parse(json.stdout()) as ReconcilePlan, human: human.stdout() };
}

const verdicts = (plan: ReconcilePlan) => plan.signals.flatMap((s) => s.rules.flatMap((r) => r.steps.map((step) => `${r.rule}: ${step.verdict}`)));

describe('plan --reconcile', () => {
  let world: TestWorld;
  let policyFile: string;
  const saved = process.env.LEDGER_TABLE;
  beforeAll(async () => {
    world = await setUpWorld();
    policyFile = join(mkdtempSync(join(tmpdir(), 'plan-reconcile-')), 'policy.yml');
    writeFileSync(policyFile, stringify(policy));
    process.env.LEDGER_TABLE = world.ledgerTable;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LEDGER_TABLE;
    else process.env.LEDGER_TABLE = saved;
  });

  it('shows the run to come without changing anything, then, after the run, duplicates and nothing to announce', async () => {
    const runtime = { ...world.runtime(policy), cloudWatch };
    await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: 'web-cpu-high', StateValue: 'ALARM', StateReason: 'test' }));
    await remediateAlarms(alarmStateChange('app-db-read-pressure', 'ALARM', new Date()), runtime);
    expect(await replicaCount()).toBe(1);

    const before = await planReconcile(policyFile);

    expect(before.code).toBe(EXIT.ok);
    expect(verdicts(before.plan)).toEqual(['web-scale-out: would-change']);
    expect(before.plan.signals[0]?.notes[0]).toMatch(/^reconcile: web-cpu-high is ALARM since /);
    expect(before.plan.replicas).toEqual([expect.objectContaining({ database: 'app-db', event: 'available', status: 'available' })]);
    expect(before.human).toContain('Replica announcements:');
    expect(await desired()).toBe(2);

    await reconcile({}, runtime);
    expect(await desired()).toBe(3);
    const after = await planReconcile(policyFile);

    expect(verdicts(after.plan)).toEqual(['web-scale-out: would-skip']);
    expect(after.plan.signals[0]?.rules[0]?.steps[0]?.reason).toMatch(/duplicate/);
    expect(after.plan.replicas).toEqual([]);
    await world.readAlerts();
  });
});
