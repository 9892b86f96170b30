import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { alarmStateChange } from '../support/alarm-events';
import { setUpWorld, type TestWorld } from '../support/world';
import { desired, replicaCount } from '../support/aws-reads';

const clients = createClients();

/** A clock the test moves by hand, so cooldowns are tested without waiting. */
function clock(start: string) {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

const scaleOut = (extra: object = {}) => ({
  version: 1,
  ...extra,
  rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldown: 300 } }] }],
});

describe('guards between a decision and a change', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  it('waits out the cooldown of a resource, then acts again', async () => {
    const time = clock('2026-11-24T09:00:00Z');
    const runtime = world.runtime(scaleOut(), time.now);

    await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z')), runtime);
    time.advance(120);
    const during = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:02:00Z')), runtime);
    time.advance(181);
    const after = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:05:01Z')), runtime);

    expect(during.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^cooldown: web-asg was changed by ops-autopilot 120s ago; cooldown is 300s \(180s left\)/) });
    expect(after.steps[0]).toMatchObject({ outcome: 'done' });
    expect(await desired()).toBe(4);
    const alerts = await world.readAlerts();
    expect(alerts.map((a) => a.action?.outcome)).toEqual(['done', 'skipped', 'done']);
  });

  it('stops at the hourly budget across rules and reports the skip as a warning', async () => {
    const policy = {
      version: 1,
      settings: { maxActionsPerHour: 2 },
      rules: [
        { name: 'web-scale-out', on: { alarm: 'web-cpu-*' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldown: 0 } }] },
        { name: 'db-add-reader', on: { alarm: 'web-cpu-high' }, do: [{ addReadReplica: { source: 'app-db', max: 5, cooldown: 0 } }] },
      ],
    };
    const runtime = world.runtime(policy);

    await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z')), runtime);
    const third = await remediateAlarms(alarmStateChange('web-cpu-low', 'ALARM', new Date('2026-11-24T09:01:00Z')), runtime);

    expect(third.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('hourly budget spent: 2 changes') });
    expect(await desired()).toBe(3);
    expect(await replicaCount()).toBe(1);
    const skipped = (await world.readAlerts()).find((a) => a.action?.outcome === 'skipped');
    expect(skipped?.severity).toBe('warning');
  });

  it('in dry-run decides and reports, and changes nothing', async () => {
    const runtime = world.runtime(scaleOut({ settings: { dryRun: true } }));

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z')), runtime);

    expect(summary.steps[0]).toMatchObject({ outcome: 'dry-run', before: { desired: 2 }, after: { desired: 3 } });
    expect(await desired()).toBe(2);
    const [alert] = await world.readAlerts();
    expect(alert?.action).toMatchObject({ outcome: 'dry-run', before: { desired: 2 }, after: { desired: 3 } });
  });

  it('pauses every mutation while the kill switch parameter is "true"', async () => {
    await world.setKillSwitch('true');
    const runtime = world.runtime(scaleOut());

    const paused = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z')), runtime);
    await world.setKillSwitch('false');
    const resumed = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:10:00Z')), runtime);

    expect(paused.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('paused by the kill switch (/ops-autopilot/paused is "true")') });
    expect(resumed.steps[0]).toMatchObject({ outcome: 'done' });
    expect(await desired()).toBe(3);
  });

  it('keeps a flapping alarm from adding and removing replicas in a loop, and records every decision', async () => {
    const time = clock('2026-11-24T09:00:00Z');
    const policy = {
      version: 1,
      rules: [
        { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', max: 4, cooldown: 900 } }] },
        { name: 'db-remove-reader', on: { alarm: 'app-db-read-pressure', state: 'OK' }, do: [{ removeReadReplica: { source: 'app-db', min: 0, cooldown: 1800 } }] },
      ],
    };
    const runtime = world.runtime(policy, time.now);

    const states = ['ALARM', 'OK', 'ALARM', 'OK', 'ALARM', 'OK'] as const;
    const outcomes: string[] = [];
    for (const state of states) {
      const summary = await remediateAlarms(alarmStateChange('app-db-read-pressure', state, new Date(time.now())), runtime);
      outcomes.push(`${state}:${summary.steps[0]?.outcome}`);
      time.advance(60);
    }

    // One replica added, none removed within the cooldown: six flaps, one change.
    expect(outcomes).toEqual(['ALARM:done', 'OK:skipped', 'ALARM:skipped', 'OK:skipped', 'ALARM:skipped', 'OK:skipped']);
    expect(await replicaCount()).toBe(1);
    const audit = await clients.ledger.send(
      new QueryCommand({ TableName: world.ledgerTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'audit#2026-11-24' } }),
    );
    expect(audit.Items?.map((i) => (i.action as { outcome: string }).outcome)).toEqual(['done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  });
});
