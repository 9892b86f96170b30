/**
 * slack-notifier: posts every alert from the alert topic to a Slack incoming webhook.
 *
 * Input: the SNS event of the topic subscription (`Sns.Message` is the alert JSON), or an SQS
 * event whose bodies are alert JSON (raw delivery) or SNS envelopes, or one alert object
 * (direct invocation). A record that is not an alert is logged and dropped: retrying cannot
 * fix it. Slack's answer decides the rest: 2xx posted; 429 waits Retry-After when the Lambda
 * time allows; 4xx is permanent (logged, not retried); 5xx, timeouts and network errors make
 * the invocation throw so Lambda retries and the on-failure queue keeps the alert.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { TRIGGER_LABELS } from './alerts/email-text';
import { RESOURCE_LABELS } from './alerts/links';
import { renderSlackMessage, type SlackMessage } from './alerts/slack-blocks';
import { OUTCOMES, SEVERITIES, type Alert, type ResourceType, type TriggerRef } from './alerts/types';
import { clientConfig } from './aws/client-config';
import { ConfigurationError, OpsAutopilotError } from './errors';
import { logger } from './log';

/** Time kept back from the Lambda timeout to log, return and let the runtime report the result. */
const SAFETY_MARGIN_MS = 2_000;
/** A request with less time than this is not worth starting. */
const MIN_ATTEMPT_MS = 1_000;
/** Slack answers in well under a second; a hung connection must not eat the whole budget. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Budget when there is no Lambda context (local invocation, tests). */
const DEFAULT_BUDGET_MS = 20_000;
/** Attempts per alert while Slack rate-limits; beyond that Lambda's own retry waits longer. */
const MAX_ATTEMPTS = 3;
/** Slack always sends Retry-After with a 429; this is for a proxy that does not. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** One or more alerts could not be delivered for a reason a later retry can fix. */
export class SlackDeliveryError extends OpsAutopilotError {}

// Derived from the label tables, which the compiler keeps complete, so the schema follows the Alert type.
const RESOURCE_TYPES = Object.keys(RESOURCE_LABELS) as [ResourceType, ...ResourceType[]];
const TRIGGER_KINDS = Object.keys(TRIGGER_LABELS) as [TriggerRef['kind'], ...TriggerRef['kind'][]];

const snapshot = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]));

/** Enough of the alert contract to render it; unknown extra keys are ignored. */
const alertSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['action', 'alert']),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  summary: z.string(),
  incident: z.string(),
  resource: z.object({
    type: z.enum(RESOURCE_TYPES),
    id: z.string(),
    arn: z.string().optional(),
  }),
  trigger: z.object({
    kind: z.enum(TRIGGER_KINDS),
    id: z.string(),
    name: z.string(),
    state: z.string().optional(),
  }),
  action: z
    .object({ type: z.string(), rule: z.string(), outcome: z.enum(OUTCOMES), reason: z.string(), before: snapshot, after: snapshot })
    .optional(),
  links: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
  time: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

type Parsed = { label: string; alert: Alert } | { label: string; rejected: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function parseAlert(label: string, payload: unknown): Parsed {
  let value = payload;
  if (typeof value === 'string') {
    const json = parseJson(value);
    if (!json) return { label, rejected: 'the message is not JSON' };
    value = json.value;
  }
  // An SQS subscription without raw delivery wraps the message in the SNS envelope.
  if (isObject(value) && value.Type === 'Notification' && typeof value.Message === 'string') {
    return parseAlert(`${label} (SNS envelope)`, value.Message);
  }
  const result = alertSchema.safeParse(value);
  if (result.success) return { label, alert: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { label, rejected: `not an alert: ${issues.join('; ')}` };
}

/** Every record of the batch, whatever the delivery path, as an alert or a reason it is not one. */
function parseEvent(event: unknown): Parsed[] {
  if (!isObject(event) || !Array.isArray(event.Records)) return [parseAlert('direct invocation', event)];
  return event.Records.map((record: unknown, i): Parsed => {
    const n = i + 1;
    if (isObject(record) && isObject(record.Sns)) return parseAlert(`SNS record ${n}`, record.Sns.Message);
    if (isObject(record) && 'body' in record) return parseAlert(`SQS record ${n} (${String(record.messageId)})`, record.body);
    return { label: `record ${n}`, rejected: 'neither an SNS nor an SQS record' };
  });
}

let ssm: SSMClient | undefined;
let webhook: { parameter: string; url: Promise<string> } | undefined;

async function readWebhook(parameter: string): Promise<string> {
  ssm ??= new SSMClient(clientConfig());
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
  const value = Parameter?.Value?.trim() ?? '';
  // The value is a secret: errors and logs name the parameter and at most the host, never the URL.
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`SSM parameter ${parameter} does not hold a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`SSM parameter ${parameter} does not hold an http(s) URL`);
  }
  logger.info('Slack webhook configured', { parameter, host: url.host });
  return value;
}

/** Read once per container; a failed read is forgotten so the next invocation tries again. */
function webhookUrl(): Promise<string> {
  const parameter = process.env.SLACK_WEBHOOK_PARAMETER?.trim();
  if (!parameter) {
    return Promise.reject(
      new ConfigurationError('SLACK_WEBHOOK_PARAMETER is not set: it must name the SSM SecureString holding the Slack webhook URL'),
    );
  }
  if (webhook?.parameter !== parameter) {
    const url = readWebhook(parameter);
    webhook = { parameter, url };
    url.catch(() => {
      if (webhook?.url === url) webhook = undefined;
    });
  }
  return webhook.url;
}

/**
 * Slack's answers for a webhook that no longer exists or may not post (revoked, channel gone).
 * The URL may have been rotated in SSM since this container read it, so it is read again.
 */
const WEBHOOK_GONE = new Set([403, 404, 410]);

type Delivery =
  | { result: 'posted'; attempts: number }
  | { result: 'rejected'; status: number; slackError: string }
  | { result: 'retryable'; reason: string };

/** Replaces the webhook URL, and its path (where the secret is), wherever a message might echo it. */
function redact(text: string, url: string): string {
  const { pathname } = new URL(url);
  const withoutUrl = text.split(url).join('[webhook]');
  return pathname.length > 1 ? withoutUrl.split(pathname).join('[webhook path]') : withoutUrl;
}

/**
 * `TypeError: fetch failed (ECONNREFUSED)`: fetch hides the network error in `cause`.
 * Duck-typed, because fetch's errors may come from another realm, where instanceof fails.
 */
function describeFailure(err: unknown): string {
  if (!isObject(err)) return String(err);
  const cause = isObject(err.cause) ? (err.cause.code ?? err.cause.message) : undefined;
  return `${String(err.name)}: ${String(err.message)}${cause ? ` (${String(cause)})` : ''}`;
}

/** Retry-After is seconds from Slack; an HTTP date is accepted too. */
function retryAfterMs(header: string | null): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, message: SlackMessage, deadline: number): Promise<Delivery> {
  // Every path through the body returns except a 429 whose wait fits, which tries again.
  for (let attempt = 1; ; attempt++) {
    const timeLeft = deadline - Date.now();
    if (timeLeft < MIN_ATTEMPT_MS) return { result: 'retryable', reason: `no time left for attempt ${attempt}` };
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(Math.min(REQUEST_TIMEOUT_MS, timeLeft)),
      });
      body = (await response.text()).slice(0, 500);
    } catch (err) {
      return { result: 'retryable', reason: redact(describeFailure(err), url) };
    }
    const { status } = response;
    if (response.ok) return { result: 'posted', attempts: attempt };
    if (status >= 400 && status < 500 && status !== 429) return { result: 'rejected', status, slackError: body };
    if (status !== 429) return { result: 'retryable', reason: `HTTP ${status} ${body}`.trim() };
    const waitMs = retryAfterMs(response.headers.get('retry-after'));
    if (attempt === MAX_ATTEMPTS || Date.now() + waitMs + MIN_ATTEMPT_MS > deadline) {
      return { result: 'retryable', reason: `rate limited (HTTP 429, Retry-After ${waitMs / 1000} s) with no attempt or time left` };
    }
    logger.warn('Slack rate limited the webhook; waiting before the next attempt', { attempt, waitMs });
    await sleep(waitMs);
  }
}

export interface NotifierResult {
  posted: number;
  /** Slack refused them for good (4xx): logged, not retried. */
  rejected: number;
  /** Records that were not alerts: logged and dropped. */
  invalid: number;
}

export const handler = async (event: unknown, context?: Partial<Context>): Promise<NotifierResult> => {
  const budget = context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS;
  const deadline = Date.now() + budget - SAFETY_MARGIN_MS;
  const parsed = parseEvent(event);
  const alerts = parsed.filter((p) => 'alert' in p);
  for (const p of parsed) {
    if ('rejected' in p) logger.error('Dropped a record that is not an alert', { record: p.label, reason: p.rejected });
  }
  const result: NotifierResult = { posted: 0, rejected: 0, invalid: parsed.length - alerts.length };
  if (!alerts.length) return result;

  const url = await webhookUrl();
  let retryable = 0;
  for (const { label, alert } of alerts) {
    const facts = { record: label, incident: alert.incident, title: alert.title };
    const delivery = await post(url, renderSlackMessage(alert), deadline);
    if (delivery.result === 'posted') {
      result.posted++;
      logger.info('Posted alert to Slack', { ...facts, attempts: delivery.attempts });
    } else if (delivery.result === 'rejected') {
      result.rejected++;
      logger.error('Slack rejected the alert; not retrying', { ...facts, status: delivery.status, slackError: delivery.slackError });
      if (WEBHOOK_GONE.has(delivery.status)) webhook = undefined;
    } else {
      retryable++;
      logger.error('Could not post alert to Slack; the invocation will fail so it is retried', { ...facts, reason: delivery.reason });
    }
  }
  if (retryable) {
    throw new SlackDeliveryError(`${retryable} of ${alerts.length} alerts could not be posted to Slack and should be retried`);
  }
  return result;
};
