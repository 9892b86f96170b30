import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateDBInstanceReadReplicaCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { createClients } from '../../functions/aws/clients';
import { scaleOnSchedule } from '../../functions/flows/scheduled-scaling';
import { latestFiring } from '../../functions/policy/cron';
import { loadEvent } from '../support/events';
import { setUpWorld, type TestWorld } from '../support/world';

const clients = createClients();

const policy = {
  version: 1,
  schedules: [
    {
      name: 'weekday-peak',
      cron: '0 8 ? * MON-FRI *',
      timezone: 'Asia/Seoul',
      do: [{ setCapacity: { group: 'web-asg', min: 4, desired: 6, max: 12 } }, { setReadReplicas: { source: 'app-db', count: 3 } }],
    },
    {
      name: 'night',
      cron: '0 22 * * ? *',
      timezone: 'Asia/Seoul',
      do: [
        { setCapacity: { group: 'web-asg', min: 2, desired: 2, max: 6 } },
        { setReadReplicas: { source: 'app-db', count: 0 } },
        { alert: { severity: 'info', title: 'Night mode' } },
      ],
    },
  ],
};

async function capacity() {
  const found = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
  const group = found.AutoScalingGroups?.[0];
  return { min: group?.MinSize, desired: group?.DesiredCapacity, max: group?.MaxSize };
}

async function replicas() {
  const all = await clients.rds.send(new DescribeDBInstancesCommand({}));
  return (all.DBInstances ?? []).filter((i) => i.ReadReplicaSourceDBInstanceIdentifier === 'app-db').map((i) => i.DBInstanceIdentifier).sort();
}

describe('scheduled scaling: capacity and replicas on a timetable', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await setUpWorld();
    // A replica the team made by hand: the timetable counts it but never removes it.
    await clients.rds.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'app-db-reporting', SourceDBInstanceIdentifier: 'app-db' }));
  });

  it('raises the group and adds managed replicas up to the count at the morning peak (Scheduler payload)', async () => {
    const summary = await scaleOnSchedule(loadEvent('schedule/scheduler-default.json'), world.runtime(policy));

    expect(summary.signals).toEqual(['schedule:weekday-peak@2026-11-23T23:00:00.000Z']);
    expect(summary.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['setCapacity', 'done'],
      ['setReadReplicas', 'done'],
    ]);
    expect(await capacity()).toEqual({ min: 4, desired: 6, max: 12 });
    expect(await replicas()).toHaveLength(3);
    const alerts = await world.readAlerts();
    expect(alerts.map((a) => [a.action?.type, a.action?.before, a.action?.after])).toEqual([
      ['setCapacity', { min: 2, desired: 2, max: 10 }, { min: 4, desired: 6, max: 12 }],
      ['setReadReplicas', expect.objectContaining({ replicas: 1 }), expect.objectContaining({ replicas: 3, managed: 2 })],
    ]);
    expect(alerts[0]?.incident).toBe('schedule:weekday-peak@2026-11-23T23:00:00.000Z');
  });

  it('acts once for the same firing delivered again, whatever the input shape', async () => {
    const direct = await scaleOnSchedule(loadEvent('schedule/direct.json'), world.runtime(policy));
    const rule = await scaleOnSchedule(loadEvent('schedule/schedule-rule.json'), world.runtime(policy));

    expect(direct.steps.map((s) => s.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(rule.steps.map((s) => s.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(await replicas()).toHaveLength(3);
  });

  it('pins a {"schedule"} input without a time to the latest firing, so a retry acts once', async () => {
    const firing = latestFiring('0 22 * * ? *', 'Asia/Seoul', new Date()) ?? new Date(0);
    const first = await scaleOnSchedule({ schedule: 'night' }, world.runtime(policy, () => new Date(firing.getTime() + 5 * 60_000)));
    const retried = await scaleOnSchedule({ schedule: 'night' }, world.runtime(policy, () => new Date(firing.getTime() + 7 * 60_000)));

    expect(first.signals).toEqual([`schedule:night@${firing.toISOString()}`]);
    expect(firing.toISOString()).toMatch(/T13:00:00\.000Z$/); // 22:00 in Seoul
    expect(first.steps.map((s) => s.outcome)).toEqual(['done', 'done', 'alerted']);
    expect(retried.steps.map((s) => s.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await capacity()).toEqual({ min: 2, desired: 2, max: 6 });
    expect(await replicas()).toEqual(['app-db-reporting']);
    const alerts = await world.readAlerts();
    expect(alerts.find((a) => a.action?.type === 'setReadReplicas')?.action).toMatchObject({ outcome: 'done', after: { replicas: 1, managed: 0, unmanaged: 1 } });
    expect(alerts.find((a) => a.action?.type === 'setReadReplicas')?.action?.reason).toContain('1 unmanaged replica(s) are never removed');
    expect(alerts.find((a) => a.kind === 'alert')).toMatchObject({ title: 'Night mode', incident: `schedule:night@${firing.toISOString()}` });
  });

  it('reports an unknown schedule name as a clear failed report and changes nothing', async () => {
    const summary = await scaleOnSchedule({ schedule: 'weekend-peak' }, world.runtime(policy));

    expect(summary.rejected).toEqual([{ shape: 'schedule "weekend-peak"', reason: 'no schedule named "weekend-peak" in the policy (known: weekday-peak, night)' }]);
    expect(summary.steps).toEqual([]);
    const [alert] = await world.readAlerts();
    expect(alert).toMatchObject({ severity: 'warning', title: 'Rejected input: schedule "weekend-peak"' });
  });
});
