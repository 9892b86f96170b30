import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { alertMessage } from '../../functions/alerts/publish';
import { renderSlackMessage } from '../../functions/alerts/slack-blocks';
import { clientConfig } from '../../functions/aws/clients';
import { ConfigurationError } from '../../functions/errors';
import { logger } from '../../functions/log';
import { handler, SlackDeliveryError } from '../../functions/slack-notifier';
import { buildSandboxWorld, type SandboxWorld } from '../../infra/local/sandbox';
import { ALERT_TOPIC_ARN, snsEvent, snsRecords } from '../support/alert-events';
import { start, type SlackCapture } from '../support/slack-capture';
import { actionDone, alertCritical, alertWarning } from '../unit/alerts/fixtures';

const SECRET_PATH = '/services/T0000SECRET/B0000SECRET/tokentokentokentoken';

function sqsEvent(...bodies: string[]) {
  return { Records: bodies.map((body, i) => ({ eventSource: 'aws:sqs', messageId: `sqs-${i + 1}`, body })) };
}

/** A Lambda context with this much time left. */
const withRemaining = (ms: number): Partial<Context> => ({ getRemainingTimeInMillis: () => ms });

describe('slack-notifier', () => {
  const ssm = new SSMClient(clientConfig());
  let slack: SlackCapture;
  let world: SandboxWorld;
  let webhookUrl: string;
  let logs = '';

  beforeAll(async () => {
    slack = await start();
    webhookUrl = `${slack.url}${SECRET_PATH}`;
    // This suite checks that no log line carries the webhook, so it needs every level.
    logger.setLogLevel('DEBUG');
    world = await buildSandboxWorld({ slackWebhookUrl: webhookUrl });
    // Everything the function writes, whichever way Powertools or the SDK writes it.
    const record = (chunk: unknown): boolean => {
      logs += String(chunk);
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(record);
    jest.spyOn(process.stderr, 'write').mockImplementation(record);
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void record(`${args.join(' ')}\n`));
    }
  });

  beforeEach(() => {
    process.env.SLACK_WEBHOOK_PARAMETER = world.slackParameter;
    slack.requests.length = 0;
    logs = '';
  });

  afterEach(() => {
    // The webhook URL is a secret: no log line of any test may carry it or its path.
    expect(logs).not.toContain(SECRET_PATH);
    expect(logs).not.toContain('tokentokentoken');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    delete process.env.SLACK_WEBHOOK_PARAMETER;
    await slack.close();
  });

  it('posts the rendered alert to the webhook, and logs only the webhook host', async () => {
    // Act
    const result = await handler(snsEvent(actionDone), withRemaining(30_000));

    // Assess
    expect(result).toEqual({ posted: 1, rejected: 0, invalid: 0, duplicates: 0 });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(SECRET_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual(renderSlackMessage(actionDone));
    expect(logs).toContain('Slack webhook configured');
    expect(logs).toContain(new URL(slack.url).host);
    expect(logs).toContain('Posted alert to Slack');
  });

  it('waits Retry-After and tries again when Slack rate-limits', async () => {
    // Prepare
    slack.respondWith({ status: 429, body: 'rate_limited', headers: { 'Retry-After': '1' } });

    // Act
    const result = await handler(snsEvent(alertCritical), withRemaining(30_000));

    // Assess
    expect(result.posted).toBe(1);
    expect(slack.requests).toHaveLength(2);
    const [first, second] = slack.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(second?.body).toEqual(renderSlackMessage(alertCritical));
  });

  it('throws, so Lambda retries later, when Retry-After does not fit in the remaining time', async () => {
    slack.respondWith({ status: 429, body: 'rate_limited', headers: { 'Retry-After': '30' } });

    await expect(handler(snsEvent(alertCritical), withRemaining(10_000))).rejects.toThrow(SlackDeliveryError);

    expect(slack.requests).toHaveLength(1);
    expect(logs).toContain('Retry-After 30 s');
  });

  it('throws on a 5xx so Lambda retries and the on-failure queue keeps the alert', async () => {
    slack.respondWith({ status: 500, body: 'rollup_error' });

    await expect(handler(snsEvent(alertCritical), withRemaining(30_000))).rejects.toThrow(
      '1 of 1 alerts could not be posted to Slack and should be retried',
    );
    expect(logs).toContain('rollup_error');
  });

  it('throws when Slack does not answer within the remaining time', async () => {
    slack.respondWith({ status: 200, delayMs: 20_000 });
    const started = Date.now();

    await expect(handler(snsEvent(alertCritical), withRemaining(4_000))).rejects.toThrow(SlackDeliveryError);

    // 4 s left minus the 2 s safety margin: the request was given up after about 2 s.
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(logs).toContain('TimeoutError');
  });

  it.each([
    [400, 'invalid_payload'],
    [404, 'no_service'],
  ])('gives up cleanly on %i %s: logged, not thrown, not retried', async (status, slackError) => {
    slack.respondWith({ status, body: slackError });

    const result = await handler(snsEvent(alertWarning), withRemaining(30_000));

    expect(result).toEqual({ posted: 0, rejected: 1, invalid: 0, duplicates: 0 });
    expect(slack.requests).toHaveLength(1);
    expect(logs).toContain('Slack rejected the alert; not retrying');
    expect(logs).toContain(slackError);
  });

  it('reads the webhook again after Slack says it is gone, so a URL rotated in SSM is picked up', async () => {
    // Prepare
    const rotating = '/ops-autopilot/slack-webhook-rotating';
    const rotatedPath = `${SECRET_PATH}-rotated`;
    await ssm.send(new PutParameterCommand({ Name: rotating, Type: 'SecureString', Value: webhookUrl, Overwrite: true }));
    process.env.SLACK_WEBHOOK_PARAMETER = rotating;
    slack.respondWith({ status: 404, body: 'no_service' });
    await expect(handler(snsEvent(alertWarning), withRemaining(30_000))).resolves.toMatchObject({ rejected: 1 });

    // Act
    await ssm.send(new PutParameterCommand({ Name: rotating, Type: 'SecureString', Value: `${slack.url}${rotatedPath}`, Overwrite: true }));
    const result = await handler(snsEvent(alertWarning), withRemaining(30_000));

    // Assess
    expect(result.posted).toBe(1);
    expect(slack.requests.map((r) => r.path)).toEqual([SECRET_PATH, rotatedPath]);
  });

  it('posts every alert of an SQS batch, raw or in an SNS envelope, drops what is not an alert, and counts the retryable failures', async () => {
    // Prepare: one rejected for good, one retryable, one posted, one not an alert
    slack.respondWith({ status: 410, body: 'channel_is_archived' }, { status: 503, body: 'service_unavailable' });
    const envelope = JSON.stringify({ Type: 'Notification', MessageId: 'n-1', TopicArn: ALERT_TOPIC_ARN, Message: alertMessage(alertCritical).sqs });
    const event = sqsEvent(alertMessage(actionDone).sqs, envelope, '{"hello":"world"}', alertMessage(alertWarning).sqs);

    // Act
    await expect(handler(event, withRemaining(30_000))).rejects.toThrow('1 of 3 alerts could not be posted');

    // Assess
    expect(slack.requests.map((r) => r.body)).toEqual([actionDone, alertCritical, alertWarning].map(renderSlackMessage));
    expect(logs).toContain('channel_is_archived');
    expect(logs).toContain('Dropped a record that is not an alert');
    expect(logs).toContain('SQS record 3 (sqs-3)');
  });

  it("posts the stack's own health alarm notifications from the topic as alerts", async () => {
    // Prepare: what CloudWatch publishes when slack-notifier's own errors alarm fires
    const notification = JSON.stringify({
      AlarmName: 'ops-autopilot-prod-slack-notifier-errors',
      AlarmDescription: 'ops-autopilot-prod-slack-notifier failed an invocation (Lambda retries it)',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was greater than the threshold (0.0).',
      StateChangeTime: '2026-11-24T08:00:00.123+0000',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ops-autopilot-prod-slack-notifier-errors',
      OldStateValue: 'OK',
    });

    // Act
    const result = await handler(snsRecords(notification), withRemaining(30_000));

    // Assess
    expect(result).toEqual({ posted: 1, rejected: 0, invalid: 0, duplicates: 0 });
    expect(JSON.stringify(slack.requests[0]?.body)).toContain(':rotating_light: Stack health alarm: ops-autopilot-prod-slack-notifier-errors');
  });

  it('drops a message that is not an alert without calling Slack or failing', async () => {
    const event = { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'plain text, not JSON' } }] };

    await expect(handler(event, withRemaining(30_000))).resolves.toEqual({ posted: 0, rejected: 0, invalid: 1, duplicates: 0 });

    expect(slack.requests).toEqual([]);
    expect(logs).toContain('the message is not JSON');
  });

  it('does not remember a failed webhook read: the next invocation reads the parameter again', async () => {
    // Prepare
    const later = '/ops-autopilot/slack-webhook-later';
    process.env.SLACK_WEBHOOK_PARAMETER = later;

    // Act: the parameter does not exist yet
    await expect(handler(snsEvent(alertWarning), withRemaining(30_000))).rejects.toThrow(/ParameterNotFound|not found/i);
    await ssm.send(new PutParameterCommand({ Name: later, Type: 'SecureString', Value: webhookUrl, Overwrite: true }));

    // Assess
    await expect(handler(snsEvent(alertWarning), withRemaining(30_000))).resolves.toMatchObject({ posted: 1 });
  });

  it('names SLACK_WEBHOOK_PARAMETER when it is not set', async () => {
    delete process.env.SLACK_WEBHOOK_PARAMETER;

    await expect(handler(snsEvent(alertWarning))).rejects.toThrow(ConfigurationError);
    await expect(handler(snsEvent(alertWarning))).rejects.toThrow(/SLACK_WEBHOOK_PARAMETER/);
  });

  it('keeps the webhook path out of logs and errors when the connection fails', async () => {
    // Prepare: a webhook on a port nobody listens on
    const closed = await start();
    await closed.close();
    const refused = '/ops-autopilot/slack-webhook-refused';
    await ssm.send(new PutParameterCommand({ Name: refused, Type: 'SecureString', Value: `${closed.url}${SECRET_PATH}`, Overwrite: true }));
    process.env.SLACK_WEBHOOK_PARAMETER = refused;

    // Act
    const failure = await handler(snsEvent(alertWarning), withRemaining(30_000)).catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(SlackDeliveryError);
    expect(String(failure)).not.toContain(SECRET_PATH);
    expect(logs).toContain('ECONNREFUSED');
  });
});
