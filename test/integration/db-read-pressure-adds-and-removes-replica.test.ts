import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { alarmStateChange } from '../support/alarm-events';
import { setUpWorld, type TestWorld } from '../support/world';

const policy = {
  version: 1,
  rules: [
    { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', max: 4, cooldown: 0 } }] },
    { name: 'db-remove-reader', on: { alarm: 'app-db-read-pressure', state: 'OK' }, do: [{ removeReadReplica: { source: 'app-db', min: 0, cooldown: 0 } }] },
    { name: 'orders-add-reader', on: { alarm: 'orders-cpu-high' }, do: [{ addReadReplica: { cluster: 'orders-aurora', max: 5, instanceClass: 'db.r6g.large' } }] },
  ],
};

async function replicasOf(source: string) {
  const all = await createClients().rds.send(new DescribeDBInstancesCommand({}));
  return (all.DBInstances ?? []).filter((i) => i.ReadReplicaSourceDBInstanceIdentifier === source);
}

describe('database read pressure: a replica is added on ALARM and removed on OK', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await setUpWorld();
  });

  it('adds one tagged, predictably named read replica to app-db when the alarm fires', async () => {
    const runtime = world.runtime(policy);
    const event = alarmStateChange('app-db-read-pressure', 'ALARM', new Date('2026-11-24T09:00:00.000Z'));

    const summary = await remediateAlarms(event, runtime);

    expect(summary.steps).toEqual([expect.objectContaining({ rule: 'db-add-reader', step: 'addReadReplica', outcome: 'done' })]);
    const replicas = await replicasOf('app-db');
    expect(replicas).toHaveLength(1);
    expect(replicas[0]?.DBInstanceIdentifier).toMatch(/^app-db-ap-[0-9a-f]{6}$/);
    expect(replicas[0]?.TagList).toEqual(
      expect.arrayContaining([
        { Key: 'ops-autopilot:managed', Value: 'true' },
        { Key: 'ops-autopilot:rule', Value: 'db-add-reader' },
      ]),
    );
    const [alert] = await world.readAlerts();
    expect(alert).toMatchObject({
      kind: 'action',
      resource: { type: 'rds-instance', id: 'app-db' },
      trigger: { kind: 'alarm', name: 'app-db-read-pressure', state: 'ALARM' },
      action: { type: 'addReadReplica', rule: 'db-add-reader', outcome: 'done', before: { replicas: 0 }, after: { replicas: 1 } },
    });
    expect(alert?.incident).toBe('alarm:app-db-read-pressure@2026-11-24T09:00:00.000Z');
  });

  it('removes the managed replica when the alarm clears, in the same incident', async () => {
    const runtime = world.runtime(policy);
    const event = alarmStateChange('app-db-read-pressure', 'OK', new Date('2026-11-24T09:20:00.000Z'));

    const summary = await remediateAlarms(event, runtime);

    expect(summary.steps).toEqual([expect.objectContaining({ rule: 'db-remove-reader', outcome: 'done' })]);
    expect(await replicasOf('app-db')).toHaveLength(0);
    const [alert] = await world.readAlerts();
    expect(alert).toMatchObject({ action: { type: 'removeReadReplica', outcome: 'done', before: { replicas: 1 }, after: { replicas: 0 } } });
    expect(alert?.incident).toBe('alarm:app-db-read-pressure@2026-11-24T09:00:00.000Z');
  });

  it('never removes a replica it did not create', async () => {
    const rds = createClients().rds;
    const { CreateDBInstanceReadReplicaCommand } = await import('@aws-sdk/client-rds');
    await rds.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'app-db-hand-made', SourceDBInstanceIdentifier: 'app-db' }));
    const runtime = world.runtime(policy);

    const summary = await remediateAlarms(alarmStateChange('app-db-read-pressure', 'OK', new Date('2026-11-24T10:00:00.000Z')), runtime);

    expect(summary.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('none of them was created by ops-autopilot') });
    expect((await replicasOf('app-db')).map((r) => r.DBInstanceIdentifier)).toEqual(['app-db-hand-made']);
    await world.readAlerts();
  });

  it('adds an Aurora reader to orders-aurora that joins the cluster with the given class', async () => {
    const runtime = world.runtime(policy);

    const summary = await remediateAlarms(alarmStateChange('orders-cpu-high', 'ALARM', new Date('2026-11-24T11:00:00.000Z')), runtime);

    expect(summary.steps[0]).toMatchObject({ step: 'addReadReplica', outcome: 'done', before: { replicas: 0, writer: 'orders-aurora-writer' }, after: { replicas: 1 } });
    const all = await createClients().rds.send(new DescribeDBInstancesCommand({}));
    const readers = (all.DBInstances ?? []).filter((i) => i.DBClusterIdentifier === 'orders-aurora' && i.DBInstanceIdentifier !== 'orders-aurora-writer');
    expect(readers).toHaveLength(1);
    expect(readers[0]).toMatchObject({ DBInstanceClass: 'db.r6g.large', Engine: 'aurora-mysql' });
    expect(readers[0]?.DBInstanceIdentifier).toMatch(/^orders-aurora-ap-[0-9a-f]{6}$/);
  });

  it('removes the newest managed replica first', async () => {
    let now = Date.parse('2026-11-24T12:00:00Z');
    const runtime = world.runtime(policy, () => new Date(now));
    await remediateAlarms(alarmStateChange('app-db-read-pressure', 'ALARM', new Date(now)), runtime);
    now += 60_000;
    const second = await remediateAlarms(alarmStateChange('app-db-read-pressure', 'ALARM', new Date(now)), runtime);
    const newest = (second.steps[0]?.after?.names as string[]).find((n) => !(second.steps[0]?.before?.names as string[]).includes(n));

    now += 60_000;
    const removal = await remediateAlarms(alarmStateChange('app-db-read-pressure', 'OK', new Date(now)), runtime);

    expect(newest).toMatch(/^app-db-ap-/);
    expect(removal.steps[0]).toMatchObject({ outcome: 'done', reason: expect.stringContaining(`remove managed replica ${newest} `) });
    expect((await replicasOf('app-db')).map((r) => r.DBInstanceIdentifier)).not.toContain(newest);
    await world.readAlerts();
  });
});
