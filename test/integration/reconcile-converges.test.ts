/**
 * reconcile against the embedded AWS: alarm states set in its CloudWatch (SetAlarmState, as an
 * alarm would), a clock the test moves, and the same ledger the event-driven functions use.
 */
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { clientConfig } from '../../functions/aws/clients';
import { RetryableAwsError } from '../../functions/errors';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { reconcile, type ReconcileRuntime } from '../../functions/flows/reconcile/reconcile';
import { scaleOnSchedule } from '../../functions/flows/scheduled-scaling';
import { alarmStateChange } from '../support/alarm-events';
import { setUpWorld, type TestWorld } from '../support/world';
import { desired, replicaCount } from '../support/aws-reads';

const cloudWatch = new CloudWatchClient(clientConfig());

async function setAlarm(name: string, state: 'ALARM' | 'OK'): Promise<void> {
  await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `test sets ${state}` }));
}

/** A clock starting now (the alarms' state times are the emulator's real ones), moved by hand. */
function clock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe('reconcile: events are hints, state is the truth', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  const runtimeFor = (policy: object, now: () => Date): ReconcileRuntime => ({ ...world.runtime(policy, now), cloudWatch });

  it('acts on a transition no event delivered, repeats once per cooldown while the alarm holds, and the late event is a duplicate', async () => {
    const time = clock();
    const runtime = runtimeFor(
      { version: 1, rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, max: 5, cooldown: 300 } }] }] },
      time.now,
    );
    await setAlarm('web-cpu-high', 'ALARM');

    time.advance(5);
    await reconcile({}, runtime);
    expect(await desired()).toBe(3);
    await reconcile({}, runtime);
    expect(await desired()).toBe(3);

    time.advance(300);
    // Three runs race for the first repeat: one changes the group. moto's server is threaded and
    // its conditional writes are not atomic (DynamoDB's are), so two runs may both get the claim;
    // the intent transaction then refuses the second, which is left for its retry — never a
    // second change.
    const racing = await Promise.allSettled([reconcile({}, runtime), reconcile({}, runtime), reconcile({}, runtime)]);
    expect(await desired()).toBe(4);
    expect(racing.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
    for (const lost of racing.filter((r) => r.status === 'rejected')) expect(lost.reason).toBeInstanceOf(RetryableAwsError);

    time.advance(300);
    await reconcile({}, runtime);
    expect(await desired()).toBe(5);
    time.advance(300);
    const atMax = await reconcile({}, runtime);
    expect(await desired()).toBe(5);
    expect(atMax.steps.map((s) => s.reason)).toContain('web-asg is already at max 5; nothing to change');
    // A repeat that can change nothing says nothing: only the changes were reported.
    const reported = await world.readAlerts();
    expect(reported.map((a) => a.action?.outcome)).toEqual(['done', 'done', 'done']);

    const transition = reported.find((a) => a.action?.outcome === 'done')?.trigger.id ?? '';
    const late = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date(transition.split(':ALARM:')[1] ?? '')), runtime);
    expect(late.steps[0]).toMatchObject({ outcome: 'duplicate' });
  });

  it('does not repeat a rule with repeat: false', async () => {
    const time = clock();
    const runtime = runtimeFor(
      { version: 1, rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, repeat: false, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldown: 60 } }] }] },
      time.now,
    );
    await setAlarm('web-cpu-high', 'ALARM');

    await reconcile({}, runtime);
    time.advance(600);
    await reconcile({}, runtime);

    expect(await desired()).toBe(3);
    await world.readAlerts();
  });

  it('removes the replica once the cooldown has passed when the OK arrived during it', async () => {
    const time = clock();
    const runtime = runtimeFor(
      {
        version: 1,
        rules: [
          { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', max: 3, cooldown: 1800 } }] },
          { name: 'db-remove-reader', on: { alarm: 'app-db-read-pressure', state: 'OK' }, do: [{ removeReadReplica: { source: 'app-db', min: 0, cooldown: 1800 } }] },
        ],
      },
      time.now,
    );
    await setAlarm('app-db-read-pressure', 'ALARM');
    await reconcile({}, runtime);
    expect(await replicaCount()).toBe(1);

    time.advance(9);
    await setAlarm('app-db-read-pressure', 'OK');
    const inCooldown = await reconcile({}, runtime);
    expect(inCooldown.steps.find((s) => s.rule === 'db-remove-reader')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('cooldown') });
    expect(await replicaCount()).toBe(1);

    time.advance(1800);
    await reconcile({}, runtime);
    expect(await replicaCount()).toBe(0);
    await world.readAlerts();
  });

  it('announces a managed replica once when it is available, with its address', async () => {
    const runtime = runtimeFor({ version: 1, rules: [{ name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', cooldown: 0 } }] }] }, () => new Date());
    await setAlarm('app-db-read-pressure', 'ALARM');

    await reconcile({}, runtime);
    await reconcile({}, runtime);

    const available = (await world.readAlerts()).filter((a) => /available/.test(a.title));
    expect(available).toHaveLength(1);
    expect(available[0]).toMatchObject({ severity: 'info', resource: { type: 'rds-instance', id: expect.stringMatching(/^app-db-ap-/) }, details: { database: 'app-db' } });
  });

  it("counts a replica step's cooldown from when the replica became available, not from the request", async () => {
    const time = clock();
    const runtime = runtimeFor({ version: 1, rules: [{ name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', max: 3, cooldown: 600 } }] }] }, time.now);
    await setAlarm('app-db-read-pressure', 'ALARM');
    const { MetricAlarms = [] } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: ['app-db-read-pressure'] }));
    await remediateAlarms(alarmStateChange('app-db-read-pressure', 'ALARM', MetricAlarms[0]?.StateUpdatedTimestamp ?? new Date()), runtime);
    expect(await replicaCount()).toBe(1);

    // The emulator makes it available at once; reconcile first sees it 300 s after the request.
    time.advance(300);
    await reconcile({}, runtime);
    time.advance(350);
    const fromRequest = await reconcile({}, runtime);
    expect(await replicaCount()).toBe(1);
    const repeat = fromRequest.steps.find((s) => s.rule === 'db-add-reader' && s.outcome !== 'duplicate');
    expect(repeat).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('cooldown') });

    time.advance(251);
    await reconcile({}, runtime);
    expect(await replicaCount()).toBe(2);
    await world.readAlerts();
  });

  it("applies a schedule's latest firing that was never invoked, once, and the late invocation is a duplicate", async () => {
    const time = clock();
    const policy = { version: 1, schedules: [{ name: 'every-hour', cron: '0 * * * ? *', do: [{ setCapacity: { group: 'web-asg', desired: 4 } }] }] };
    const runtime = runtimeFor(policy, time.now);

    await reconcile({}, runtime);
    await reconcile({}, runtime);
    expect(await desired()).toBe(4);

    const firing = new Date(Math.floor(time.now().getTime() / 3_600_000) * 3_600_000).toISOString();
    const late = await scaleOnSchedule({ schedule: 'every-hour', scheduledTime: firing }, runtime);
    expect(late.steps[0]).toMatchObject({ outcome: 'duplicate' });
    await world.readAlerts();
  });

  it('pages a human once when the alarm still holds after escalateAfter and the steps can do no more', async () => {
    const time = clock();
    const runtime = runtimeFor(
      {
        version: 1,
        rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, escalateAfter: 900, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, max: 3, cooldown: 300 } }] }],
      },
      time.now,
    );
    await setAlarm('web-cpu-high', 'ALARM');

    await reconcile({}, runtime);
    time.advance(600);
    await reconcile({}, runtime);
    const early = (await world.readAlerts()).filter((a) => a.severity === 'critical');
    time.advance(400);
    await reconcile({}, runtime);
    await reconcile({}, runtime);

    expect(await desired()).toBe(3);
    expect(early).toEqual([]);
    const paged = (await world.readAlerts()).filter((a) => a.severity === 'critical');
    expect(paged).toHaveLength(1);
    expect(paged[0]).toMatchObject({ kind: 'alert', trigger: { kind: 'alarm', name: 'web-cpu-high' }, title: expect.stringContaining('can do no more') });
  });
});
