/**
 * slack-notifier in Web API mode against the embedded AWS (SSM for the token, the ledger table
 * for threads) and the loopback Slack stand-in: incidents become threads, closing edits the root,
 * duplicates post once, Slack's rate limits and refusals are honoured, the token stays secret.
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import type { Alert } from '../../functions/model/alert';
import { clientConfig } from '../../functions/aws/clients';
import { ConfigurationError } from '../../functions/errors';
import { logger } from '../../functions/log';
import { handler, SlackDeliveryError } from '../../functions/slack-notifier';
import { buildSandboxWorld, type SandboxWorld } from '../../infra/local/sandbox';
import { snsEvent, snsRecords } from '../support/alert-events';
import { start, type PostedMessage, type SlackCapture } from '../support/slack-capture';

const TOKEN = 'xoxb-1111111111-2222222222-SECRETSECRETSECRET';
const CHANNEL = 'C0INCIDENTS';
const TOKEN_PARAMETER = '/ops-autopilot/slack-bot-token';

const withRemaining = (ms: number): Partial<Context> => ({ getRemainingTimeInMillis: () => ms });

let sequence = 0;
/** A fresh incident per test: the ledger table outlives each test within this suite. */
function nextIncident(name: string): string {
  return `alarm:${name}-${++sequence}@2026-11-24T08:00:00.000Z`;
}

function alarmAlert(incident: string, state: 'ALARM' | 'OK', time: string, title: string): Alert {
  const name = incident.slice('alarm:'.length, incident.indexOf('@'));
  return {
    version: 1,
    kind: 'alert',
    severity: state === 'OK' ? 'info' : 'warning',
    title,
    summary: `${name} is ${state}.`,
    incident,
    resource: { type: 'alarm', id: name },
    trigger: { kind: 'alarm', id: `alarm:${name}:${state}:${time}`, name, state },
    links: [],
    time,
  };
}

function actionAlert(incident: string, time: string): Alert {
  const name = incident.slice('alarm:'.length, incident.indexOf('@'));
  return {
    ...alarmAlert(incident, 'ALARM', time, 'Added a read replica to app-db'),
    kind: 'action',
    resource: { type: 'rds-instance', id: 'app-db' },
    action: { type: 'addReadReplica', rule: 'db-add-reader', outcome: 'done', reason: 'read pressure', before: { replicas: 1 }, after: { replicas: 2 } },
    trigger: { kind: 'alarm', id: `alarm:${name}:ALARM:${time}`, name, state: 'ALARM' },
  };
}

/** A CloudWatch alarm notification, as the stack's own health alarms publish it on the alert topic. */
function healthAlarm(name: string, state: 'ALARM' | 'OK', time: string): string {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: `${name}: the function failed an invocation (Lambda retries it)`,
    AWSAccountId: '123456789012',
    NewStateValue: state,
    NewStateReason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).' : 'Threshold Crossed: no datapoints were received.',
    StateChangeTime: time,
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: { MetricName: 'Errors', Namespace: 'AWS/Lambda', Statistic: 'SUM', Period: 300, EvaluationPeriods: 1, Threshold: 0 },
  });
}

const headerOf = (message: PostedMessage | undefined): string => {
  const [header] = message?.blocks ?? [];
  return typeof header === 'object' && header !== null && 'text' in header ? JSON.stringify(header.text) : '';
};

describe('slack-notifier with a bot token: incident threads', () => {
  const ssm = new SSMClient(clientConfig());
  const dynamo = new DynamoDBClient(clientConfig());
  let slack: SlackCapture;
  let world: SandboxWorld;
  let logs = '';

  beforeAll(async () => {
    slack = await start({ botToken: TOKEN, channels: [CHANNEL] });
    logger.setLogLevel('DEBUG');
    world = await buildSandboxWorld({ slackWebhookUrl: `${slack.url}/services/unused` });
    await ssm.send(new PutParameterCommand({ Name: TOKEN_PARAMETER, Type: 'SecureString', Value: TOKEN, Overwrite: true }));
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
    Object.assign(process.env, { SLACK_BOT_TOKEN_PARAMETER: TOKEN_PARAMETER, SLACK_CHANNEL: CHANNEL, SLACK_API_URL: slack.apiUrl, LEDGER_TABLE: world.ledgerTable });
    delete process.env.SLACK_WEBHOOK_PARAMETER;
    slack.requests.length = 0;
    slack.messages.length = 0;
    logs = '';
  });

  afterEach(() => {
    // The token is a secret: no log line of any test may carry it, nor any part after its prefix.
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('SECRETSECRET');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    delete process.env.SLACK_BOT_TOKEN_PARAMETER;
    delete process.env.SLACK_CHANNEL;
    delete process.env.SLACK_API_URL;
    delete process.env.LEDGER_TABLE;
    await slack.close();
  });

  it('posts the first alert of an incident as a root, later ones as replies, and marks the root resolved on OK with the duration', async () => {
    // Prepare
    const incident = nextIncident('app-db-read-pressure');
    const fired = alarmAlert(incident, 'ALARM', '2026-11-24T08:00:00.000Z', 'Read pressure on app-db');
    const acted = actionAlert(incident, '2026-11-24T08:00:05.000Z');
    const cleared = alarmAlert(incident, 'OK', '2026-11-24T08:12:30.000Z', 'Read pressure on app-db is gone');

    // Act
    const first = await handler(snsEvent(fired), withRemaining(30_000));
    const rest = await handler(snsEvent(acted, cleared), withRemaining(30_000));

    // Assess
    expect(first).toEqual({ posted: 1, rejected: 0, invalid: 0, duplicates: 0 });
    expect(rest).toEqual({ posted: 2, rejected: 0, invalid: 0, duplicates: 0 });
    const [root, reply, closing] = slack.messages;
    expect(slack.messages).toHaveLength(3);
    expect(root?.threadTs).toBeUndefined();
    expect([reply?.threadTs, closing?.threadTs]).toEqual([root?.ts, root?.ts]);
    expect(root?.edits).toBe(1);
    expect(headerOf(root)).toContain('Resolved: Read pressure on app-db');
    expect(JSON.stringify(root?.blocks)).toContain('after 12 min 30 s');
    expect(root?.text).toContain('[RESOLVED after 12 min 30 s]');
    expect(slack.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.postMessage', '/api/chat.postMessage', '/api/chat.update']);
    expect(slack.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('posts an alert delivered twice once, also when both deliveries are in one batch', async () => {
    // Prepare
    const alert = alarmAlert(nextIncident('web-cpu-high'), 'ALARM', '2026-11-24T09:00:00.000Z', 'Web CPU high');

    // Act
    const batch = await handler(snsEvent(alert, alert), withRemaining(30_000));
    const redelivery = await handler(snsEvent(alert), withRemaining(30_000));

    // Assess
    expect(batch).toMatchObject({ posted: 1, duplicates: 1 });
    expect(redelivery).toMatchObject({ posted: 0, duplicates: 1 });
    expect(slack.messages).toHaveLength(1);
    expect(logs).toContain('Alert already posted to Slack; not posting it again');
  });

  it('starts a new root when the incident\'s root is unknown (expired or lost from the table)', async () => {
    // Prepare
    const incident = nextIncident('orders-cpu-high');
    await handler(snsEvent(alarmAlert(incident, 'ALARM', '2026-11-24T10:00:00.000Z', 'Orders CPU high')), withRemaining(30_000));
    await dynamo.send(new DeleteItemCommand({ TableName: world.ledgerTable, Key: { pk: { S: `slack#${incident}` }, sk: { S: 'thread' } } }));

    // Act
    await handler(snsEvent(actionAlert(incident, '2026-11-24T10:00:07.000Z')), withRemaining(30_000));

    // Assess
    expect(slack.messages.map((m) => m.threadTs)).toEqual([undefined, undefined]);
  });

  it('starts a new root when the root message was deleted in Slack', async () => {
    // Prepare
    const incident = nextIncident('web-cpu-low');
    await handler(snsEvent(alarmAlert(incident, 'ALARM', '2026-11-24T10:30:00.000Z', 'Web CPU low')), withRemaining(30_000));
    slack.messages.length = 0;

    // Act
    const result = await handler(snsEvent(actionAlert(incident, '2026-11-24T10:30:05.000Z')), withRemaining(30_000));

    // Assess
    expect(result.posted).toBe(1);
    expect(slack.messages.map((m) => m.threadTs)).toEqual([undefined]);
    expect(logs).toContain('thread_not_found');
  });

  it.each([
    ['HTTP 429 with Retry-After', { status: 429, json: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': '1' } }],
    ['ok:false ratelimited', { status: 200, json: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': '1' } }],
  ])('waits Retry-After and posts once when Slack answers %s', async (_, limited) => {
    // Prepare
    slack.respondWith(limited);
    const alert = alarmAlert(nextIncident('rate-limited'), 'ALARM', '2026-11-24T11:00:00.000Z', 'Rate limited alert');

    // Act
    const result = await handler(snsEvent(alert), withRemaining(30_000));

    // Assess
    expect(result.posted).toBe(1);
    expect(slack.messages).toHaveLength(1);
    const [first, second] = slack.requests;
    expect(slack.requests).toHaveLength(2);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(logs).toContain('Slack rate limited the Web API');
  });

  it('throws so Lambda retries when Retry-After does not fit, and the retry posts the alert', async () => {
    // Prepare
    slack.respondWith({ status: 429, headers: { 'Retry-After': '30' } });
    const alert = alarmAlert(nextIncident('long-wait'), 'ALARM', '2026-11-24T11:30:00.000Z', 'Long wait');

    // Act
    await expect(handler(snsEvent(alert), withRemaining(10_000))).rejects.toThrow(SlackDeliveryError);
    const retry = await handler(snsEvent(alert), withRemaining(30_000));

    // Assess
    expect(retry.posted).toBe(1);
    expect(slack.messages).toHaveLength(1);
  });

  it.each(['invalid_auth', 'channel_not_found', 'not_in_channel'])('logs %s with the error and does not retry it', async (error) => {
    // Prepare
    slack.respondWith({ status: 200, json: { ok: false, error } });
    const alert = alarmAlert(nextIncident(`refused-${error}`), 'ALARM', '2026-11-24T12:00:00.000Z', 'Refused');

    // Act
    const result = await handler(snsEvent(alert), withRemaining(30_000));

    // Assess
    expect(result).toEqual({ posted: 0, rejected: 1, invalid: 0, duplicates: 0 });
    expect(slack.requests).toHaveLength(1);
    expect(logs).toContain('Slack rejected the alert; not retrying');
    expect(logs).toContain(error);
    expect(logs).toContain('"needsConfigurationFix":true');
  });

  it('is refused by the stand-in with a wrong channel, through the same path', async () => {
    // Prepare
    process.env.SLACK_CHANNEL = 'C0ELSEWHERE';

    // Act
    const result = await handler(snsEvent(alarmAlert(nextIncident('wrong-channel'), 'ALARM', '2026-11-24T12:30:00.000Z', 'Wrong channel')), withRemaining(30_000));

    // Assess
    expect(result.rejected).toBe(1);
    expect(logs).toContain('channel_not_found');
  });

  it('keeps to one message per second in the channel', async () => {
    // Prepare
    const alerts = [1, 2, 3].map((n) => alarmAlert(nextIncident(`paced-${n}`), 'ALARM', `2026-11-24T13:00:0${n}.000Z`, `Paced ${n}`));

    // Act
    await handler(snsEvent(...alerts), withRemaining(30_000));

    // Assess
    const times = slack.requests.map((r) => r.receivedAt);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('retries only the root edit when it failed: the reply is not posted twice', async () => {
    // Prepare
    const incident = nextIncident('edit-fails');
    await handler(snsEvent(alarmAlert(incident, 'ALARM', '2026-11-24T14:00:00.000Z', 'Edit fails')), withRemaining(30_000));
    const cleared = alarmAlert(incident, 'OK', '2026-11-24T14:01:00.000Z', 'Edit fails: OK');
    // The reply goes through, the edit meets an outage.
    slack.respondTo('chat.update', { status: 503, body: 'service_unavailable' });
    slack.requests.length = 0;

    // Act: first the reply posts and the edit fails, then Lambda's retry
    await expect(handler(snsEvent(cleared), withRemaining(30_000))).rejects.toThrow(SlackDeliveryError);
    expect(logs).toContain('the reply was posted, but marking the root resolved failed');
    const retry = await handler(snsEvent(cleared), withRemaining(30_000));

    // Assess
    expect(slack.messages.filter((m) => m.threadTs)).toHaveLength(1);
    expect(retry.duplicates).toBe(1);
    expect(slack.messages[0]?.edits).toBe(1);
    expect(slack.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.update', '/api/chat.update']);
  });

  it('threads a failover: completion replies to the start and resolves it with the measured duration', async () => {
    // Prepare
    const incident = `rds:orders-aurora:failover@2026-11-24T15:00:00.000Z#${++sequence}`;
    const rds = (eventId: string, time: string, details: Alert['details']): Alert => ({
      version: 1,
      kind: 'alert',
      severity: 'critical',
      title: eventId === 'RDS-EVENT-0073' ? 'Cluster failover started (cross-AZ): orders-aurora' : 'Cluster failover completed: orders-aurora',
      summary: 'RDS said so.',
      incident,
      resource: { type: 'rds-cluster', id: 'orders-aurora' },
      trigger: { kind: 'rds-event', id: `rds:orders-aurora:${eventId}:${time}`, name: eventId },
      links: [],
      time,
      details,
    });

    // Act
    await handler(snsEvent(rds('RDS-EVENT-0073', '2026-11-24T15:00:00.000Z', { eventId: 'RDS-EVENT-0073' })), withRemaining(30_000));
    await handler(snsEvent(rds('RDS-EVENT-0071', '2026-11-24T15:01:47.000Z', { eventId: 'RDS-EVENT-0071', failoverDurationSeconds: 107 })), withRemaining(30_000));

    // Assess
    const [root, completion] = slack.messages;
    expect(completion?.threadTs).toBe(root?.ts);
    expect(headerOf(root)).toContain('Resolved: Cluster failover started (cross-AZ): orders-aurora');
    expect(JSON.stringify(root?.blocks)).toContain('after 1 min 47 s');
  });

  it('threads the stack\'s own health alarms by alarm name, closing on OK and opening a new root when it fires again', async () => {
    // Prepare
    const name = `ops-autopilot-prod-rds-events-errors-${++sequence}`;

    // Act
    await handler(snsRecords(healthAlarm(name, 'ALARM', '2026-11-24T16:00:00.000+0000')), withRemaining(30_000));
    await handler(snsRecords(healthAlarm(name, 'OK', '2026-11-24T16:05:00.000+0000')), withRemaining(30_000));
    await handler(snsRecords(healthAlarm(name, 'ALARM', '2026-11-24T17:00:00.000+0000')), withRemaining(30_000));

    // Assess
    const [root, ok, again] = slack.messages;
    expect(slack.messages).toHaveLength(3);
    expect(headerOf(root)).toContain(`Resolved: Stack health alarm: ${name}`);
    expect(JSON.stringify(root?.blocks)).toContain('after 5 min');
    expect(ok?.threadTs).toBe(root?.ts);
    expect(headerOf(ok)).toContain(':information_source:');
    expect(again?.threadTs).toBeUndefined();
    expect(headerOf(again)).toContain(':rotating_light:');
  });

  it('keeps the token out of errors when Slack cannot be reached', async () => {
    // Prepare
    const closed = await start();
    await closed.close();
    process.env.SLACK_API_URL = closed.apiUrl;

    // Act
    const failure = await handler(snsEvent(alarmAlert(nextIncident('unreachable'), 'ALARM', '2026-11-24T18:00:00.000Z', 'Unreachable')), withRemaining(30_000)).catch(
      (err: unknown) => err,
    );

    // Assess
    expect(failure).toBeInstanceOf(SlackDeliveryError);
    expect(String(failure)).not.toContain(TOKEN);
    expect(logs).toContain('ECONNREFUSED');
  });

  it('names both variables when only one of SLACK_BOT_TOKEN_PARAMETER and SLACK_CHANNEL is set', async () => {
    delete process.env.SLACK_CHANNEL;

    await expect(handler(snsEvent(alarmAlert(nextIncident('half'), 'ALARM', '2026-11-24T19:00:00.000Z', 'Half')))).rejects.toThrow(ConfigurationError);
    await expect(handler(snsEvent(alarmAlert(nextIncident('half'), 'ALARM', '2026-11-24T19:00:00.000Z', 'Half')))).rejects.toThrow(/SLACK_CHANNEL/);
  });

  it('says which parameter does not hold a token, without its value', async () => {
    // Prepare
    const wrong = '/ops-autopilot/slack-bot-token-wrong';
    await ssm.send(new PutParameterCommand({ Name: wrong, Type: 'SecureString', Value: 'not-a-token-SECRETSECRET', Overwrite: true }));
    process.env.SLACK_BOT_TOKEN_PARAMETER = wrong;

    // Act
    const failure = await handler(snsEvent(alarmAlert(nextIncident('wrong-token'), 'ALARM', '2026-11-24T20:00:00.000Z', 'Wrong token'))).catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(String(failure)).toContain(wrong);
    expect(String(failure)).not.toContain('SECRETSECRET');
  });
});
