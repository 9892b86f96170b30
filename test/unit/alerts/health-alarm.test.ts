import { parseAlertRecords } from '../../../functions/alerts/alert-records';
import { loadEvent } from '../../support/events';

const notification = (overrides: Record<string, unknown> = {}) => ({
  AlarmName: 'ops-autopilot-prod-slack-notifier-failed-events',
  AlarmDescription: 'ops-autopilot-prod-slack-notifier gave up on an event after its retries',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was greater than the threshold (0.0).',
  StateChangeTime: '2026-11-24T08:00:00.123+0000',
  Region: 'US East (N. Virginia)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ops-autopilot-prod-slack-notifier-failed-events',
  OldStateValue: 'OK',
  ...overrides,
});

describe('CloudWatch alarm notifications on the alert topic', () => {
  it('become a critical alert in ALARM, one incident per alarm, with a console link', () => {
    // Act
    const [parsed] = parseAlertRecords({ Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(notification()) } }] });

    // Assess
    expect(parsed).toEqual({
      label: 'SNS record 1',
      alert: {
        version: 1,
        kind: 'alert',
        severity: 'critical',
        title: 'Stack health alarm: ops-autopilot-prod-slack-notifier-failed-events',
        summary:
          'ops-autopilot-prod-slack-notifier gave up on an event after its retries — Threshold Crossed: 1 datapoint [1.0] was greater than the threshold (0.0).',
        incident: 'alarm:ops-autopilot-prod-slack-notifier-failed-events',
        resource: {
          type: 'alarm',
          id: 'ops-autopilot-prod-slack-notifier-failed-events',
          arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ops-autopilot-prod-slack-notifier-failed-events',
        },
        trigger: {
          kind: 'alarm',
          id: 'alarm:ops-autopilot-prod-slack-notifier-failed-events:ALARM:2026-11-24T08:00:00.123Z',
          name: 'ops-autopilot-prod-slack-notifier-failed-events',
          state: 'ALARM',
        },
        links: [expect.objectContaining({ url: expect.stringContaining('https://eu-west-1.console.aws.amazon.com/cloudwatch/') })],
        time: '2026-11-24T08:00:00.123Z',
        details: { previousState: 'OK' },
      },
    });
  });

  it.each([
    ['OK', 'info', 'Stack health alarm back to OK'],
    ['INSUFFICIENT_DATA', 'warning', 'Stack health alarm has insufficient data'],
  ])('in %s become %s: "%s"', (state, severity, title) => {
    const [parsed] = parseAlertRecords({ Records: [{ Sns: { Message: JSON.stringify(notification({ NewStateValue: state })) } }] });

    expect(parsed).toMatchObject({ alert: { severity, title: `${title}: ops-autopilot-prod-slack-notifier-failed-events`, trigger: { state } } });
  });

  it('reads the SNS sample alarm notification too, taking the region from the ARN', () => {
    const [parsed] = parseAlertRecords(loadEvent('alarm/sns-notification.json'));

    expect(parsed).toMatchObject({ alert: { incident: 'alarm:web-cpu-high', severity: 'critical', links: [{ url: expect.stringContaining('us-east-1') }] } });
  });

  it('rejects a notification with an unknown state, naming the field', () => {
    const [parsed] = parseAlertRecords({ Records: [{ Sns: { Message: JSON.stringify(notification({ NewStateValue: 'BROKEN' })) } }] });

    expect(parsed).toEqual({ label: 'SNS record 1', rejected: expect.stringContaining('NewStateValue') });
  });
});
