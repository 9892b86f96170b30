import { SNSClient } from '@aws-sdk/client-sns';
import { renderEmailText, renderSmsText } from '../../../functions/alerts/email-text';
import {
  alertTopicFromEnvironment,
  buildPublishInput,
  emailSubject,
  publishAlert,
  SUBJECT_MAX_CHARS,
  type AlertMessage,
} from '../../../functions/alerts/publish';
import { ConfigurationError } from '../../../functions/errors';
import { actionDryRun, actionFailed, alertCritical, allAlerts } from './fixtures';

const topicArn = 'arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts';

function messageOf(input: ReturnType<typeof buildPublishInput>): AlertMessage {
  return JSON.parse(input.Message ?? '') as AlertMessage;
}

describe('buildPublishInput', () => {
  it.each(Object.entries(allAlerts))('publishes %s as the stored SNS request', (_name, alert) => {
    const input = buildPublishInput(topicArn, alert);
    const message = messageOf(input);
    // Stored with the nested JSON decoded, so a reviewer reads the message rather than escapes.
    expect({ ...input, Message: { ...message, sqs: JSON.parse(message.sqs), lambda: JSON.parse(message.lambda) } }).toMatchSnapshot();
  });

  it('gives each protocol its rendering: text for email and default, one line for SMS, the alert JSON for SQS and Lambda', () => {
    const input = buildPublishInput(topicArn, actionFailed);
    const message = messageOf(input);

    expect(input.TopicArn).toBe(topicArn);
    expect(input.MessageStructure).toBe('json');
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'lambda', 'sms', 'sqs']);
    expect(message.default).toBe(renderEmailText(actionFailed));
    expect(message.email).toBe(message.default);
    expect(message.sms).toBe(renderSmsText(actionFailed));
    expect(JSON.parse(message.sqs)).toEqual(actionFailed);
    expect(JSON.parse(message.lambda)).toEqual(actionFailed);
  });

  it('sets the severity and kind attributes for filter policies, and outcome for actions', () => {
    expect(buildPublishInput(topicArn, actionFailed).MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      kind: { DataType: 'String', StringValue: 'action' },
      outcome: { DataType: 'String', StringValue: 'failed' },
    });
    expect(buildPublishInput(topicArn, alertCritical).MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      kind: { DataType: 'String', StringValue: 'alert' },
    });
  });

  it('gives a subject SNS accepts: ASCII, one line, under 100 characters', () => {
    expect(buildPublishInput(topicArn, alertCritical).Subject).toBe('[CRITICAL] Failover completed on orders-aurora');
    expect(emailSubject(actionDryRun)).toBe('[INFO] (dry-run) Would set web-asg capacity for weekday-peak');

    const subject = emailSubject({ ...alertCritical, title: `Failover → “orders” on ${'é'.repeat(200)}\nsecond line` });
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
    expect(subject).toMatch(/^\[CRITICAL\] Failover -> "orders" on e+\.\.\.$/);
  });
});

describe('publishAlert', () => {
  it('sends the built request and returns the message id', async () => {
    const sns = new SNSClient({ region: 'us-east-1' });
    const send = jest.spyOn(sns, 'send').mockImplementation(async () => ({ MessageId: 'm-1', $metadata: {} }));

    await expect(publishAlert(sns, topicArn, alertCritical)).resolves.toEqual({ messageId: 'm-1' });

    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0].input).toEqual(buildPublishInput(topicArn, alertCritical));
  });

  it('lets SNS errors reach the caller', async () => {
    const sns = new SNSClient({ region: 'us-east-1' });
    jest.spyOn(sns, 'send').mockImplementation(async () => {
      throw new Error('NotFound: Topic does not exist');
    });
    await expect(publishAlert(sns, topicArn, alertCritical)).rejects.toThrow('Topic does not exist');
  });
});

describe('alertTopicFromEnvironment', () => {
  it('reads ALERT_TOPIC_ARN', () => {
    expect(alertTopicFromEnvironment({ ALERT_TOPIC_ARN: topicArn })).toBe(topicArn);
  });

  it('names the variable when it is missing or not a topic ARN', () => {
    expect(() => alertTopicFromEnvironment({})).toThrow(ConfigurationError);
    expect(() => alertTopicFromEnvironment({ ALERT_TOPIC_ARN: ' ' })).toThrow(/ALERT_TOPIC_ARN is not set/);
    expect(() => alertTopicFromEnvironment({ ALERT_TOPIC_ARN: 'ops-autopilot-alerts' })).toThrow(/not an SNS topic ARN/);
  });
});
