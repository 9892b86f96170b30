import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { alarmStateChange } from '../support/alarm-events';
import { setUpWorld, type TestWorld } from '../support/world';
import { desired } from '../support/aws-reads';

const policy = {
  version: 1,
  rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 2, cooldown: 0 } }] }],
};

function snsDelivery(alarmName: string, state: string, at: Date) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alarms:1b2c',
        Sns: {
          Type: 'Notification',
          MessageId: 'b0b2f4c6-0f2a-4ad4-9d5e-000000000001',
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
          Subject: `ALARM: "${alarmName}" in US East (N. Virginia)`,
          Message: JSON.stringify({
            AlarmName: alarmName,
            AlarmDescription: null,
            AWSAccountId: '123456789012',
            NewStateValue: state,
            NewStateReason: 'Threshold Crossed',
            StateChangeTime: at.toISOString().replace('Z', '+0000'),
            Region: 'US East (N. Virginia)',
            AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`,
            OldStateValue: 'OK',
            Trigger: { MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Statistic: 'AVERAGE', Period: 60, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold', Threshold: 70 },
          }),
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

describe('at-least-once delivery: the same alarm transition changes AWS once', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  it('acts once when the same event is delivered twice in sequence', async () => {
    const runtime = world.runtime(policy);
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00.000Z'));

    const first = await remediateAlarms(event, runtime);
    const second = await remediateAlarms(event, runtime);

    expect(first.steps[0]).toMatchObject({ outcome: 'done' });
    expect(second.steps[0]).toMatchObject({ outcome: 'duplicate', reason: expect.stringContaining('handled before') });
    expect(await desired()).toBe(4);
    expect(await world.readAlerts()).toHaveLength(1);
  });

  it('acts once when the same event arrives five times at once', async () => {
    const runtime = world.runtime(policy);
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T10:00:00.000Z'));

    const results = await Promise.all(Array.from({ length: 5 }, () => remediateAlarms(event, runtime)));

    const outcomes = results.map((r) => r.steps[0]?.outcome).sort();
    expect(outcomes).toEqual(['done', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await desired()).toBe(4);
  });

  it('recognises one transition delivered through EventBridge and through SNS', async () => {
    const runtime = world.runtime(policy);
    const at = new Date('2026-11-24T11:00:00.000Z');

    await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', at), runtime);
    const viaSns = await remediateAlarms(snsDelivery('web-cpu-high', 'ALARM', at), runtime);

    expect(viaSns.steps[0]).toMatchObject({ outcome: 'duplicate' });
    expect(await desired()).toBe(4);
  });

  it('acts again for a new transition of the same alarm', async () => {
    const runtime = world.runtime(policy);

    await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T12:00:00.000Z')), runtime);
    await remediateAlarms(snsDelivery('web-cpu-high', 'ALARM', new Date('2026-11-24T12:10:00.000Z')), runtime);

    expect(await desired()).toBe(6);
  });
});
