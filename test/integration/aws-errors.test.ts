import { createClients } from '../../functions/aws/clients';
import { RetryableAwsError } from '../../functions/errors';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { alarmStateChange } from '../support/alarm-events';
import { startFaultProxy, THROTTLED_QUERY, UNAVAILABLE_QUERY, type FaultProxy } from '../../infra/local/fault-proxy';
import { setUpWorld, type TestWorld } from '../support/world';
import { desired } from '../support/aws-reads';

const policy = {
  version: 1,
  rules: [
    {
      name: 'web-scale-out',
      on: { alarm: 'web-cpu-high' },
      do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldown: 0 } }, { addReadReplica: { source: 'app-db', cooldown: 0 } }],
    },
  ],
};

describe('AWS errors: retried by the SDK, then by Lambda, never acting twice', () => {
  let world: TestWorld;
  let proxy: FaultProxy;
  beforeAll(async () => {
    world = await setUpWorld();
    proxy = await startFaultProxy(process.env.AWS_ENDPOINT_URL ?? '');
  });
  afterAll(() => proxy.close());
  beforeEach(() => proxy.clear());

  const runtimeThroughProxy = () => ({ ...world.runtime(policy), clients: createClients({ endpoint: proxy.url, maxAttempts: 3 }) });

  it('lets the SDK retry a throttled call and succeeds', async () => {
    proxy.inject({ action: 'SetDesiredCapacity', times: 1, fault: THROTTLED_QUERY });

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z')), runtimeThroughProxy());

    expect(summary.steps[0]).toMatchObject({ outcome: 'done' });
    expect(proxy.seen.get('SetDesiredCapacity')).toBe(2);
    expect(await desired()).toBe(3);
    await world.readAlerts();
  });

  it('reports a step that keeps failing with 5xx, runs the later steps, then throws so Lambda retries; the retry does not redo what was done', async () => {
    proxy.inject({ action: 'SetDesiredCapacity', fault: UNAVAILABLE_QUERY });
    const runtime = runtimeThroughProxy();
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T10:00:00Z'));

    await expect(remediateAlarms(event, runtime)).rejects.toBeInstanceOf(RetryableAwsError);
    const alerts = await world.readAlerts();
    expect(alerts.map((a) => [a.action?.type, a.action?.outcome])).toEqual([
      ['scaleAutoScalingGroup', 'failed'],
      ['addReadReplica', 'done'],
    ]);
    expect(alerts[0]?.action?.reason).toMatch(/ServiceUnavailable.*will be retried/);

    proxy.clear();
    const retry = await remediateAlarms(event, runtime);

    expect(retry.steps.map((s) => s.outcome)).toEqual(['done', 'duplicate']);
    expect(await desired()).toBe(4);
  });

  it('does not throw for an error a retry cannot fix', async () => {
    proxy.inject({
      action: 'SetDesiredCapacity',
      fault: { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad request</Message></Error></ErrorResponse>', headers: { 'content-type': 'text/xml' } },
    });

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T11:00:00Z')), runtimeThroughProxy());

    expect(summary.steps[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('ValidationError: bad request') });
    expect(summary.retryable).toBe(0);
  });
});
