/**
 * The two Slack Web API calls slack-notifier makes, chat.postMessage and chat.update, with
 * fetch (the measurement in the README is why this is not @slack/web-api). Slack's answers:
 * `ok: true` is done; HTTP 429 and `ratelimited` wait Retry-After and try again while the time
 * allows; errors that only a person can fix (a revoked token, a wrong channel, a bot not in
 * the channel) and messages Slack refuses are not retried; 5xx, Slack's own transient errors,
 * timeouts and network errors are left to Lambda's retry. At most one call per second per
 * channel from this container, Slack's posting limit.
 */
import { logger } from '../log';
import { isRecord, parseJson } from '../signals/json';
import { describeFailure, MIN_ATTEMPT_MS, REQUEST_TIMEOUT_MS, retryAfterMs, sleep, waitFits } from './slack-http';
import type { SlackMessage } from './slack-blocks';

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Slack's documented limit for posting to one channel. */
const CHANNEL_INTERVAL_MS = 1_000;

/** Errors about the token, the channel or the bot's membership: every alert would fail alike until a person acts. */
const CONFIGURATION_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
]);

/** Slack's own transient failures, worth a later retry. */
const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface WebApiTarget {
  /** SLACK_API_URL, ending in a slash. */
  baseUrl: string;
  token: string;
  channel: string;
}

export type PostRequest = SlackMessage & { thread_ts?: string };

export type ApiAnswer =
  | { result: 'ok'; ts: string; attempts: number }
  | { result: 'rejected'; slackError: string; configuration: boolean }
  /** `maybeDelivered`: the request went out and no answer came back, so Slack may have acted on it. */
  | { result: 'retryable'; reason: string; maybeDelivered: boolean };

const lastCallAt = new Map<string, number>();

/** Waits for the channel's next free second; false when that wait would pass the deadline. */
async function paceChannel(channel: string, deadline: number): Promise<boolean> {
  const waitMs = (lastCallAt.get(channel) ?? 0) + CHANNEL_INTERVAL_MS - Date.now();
  if (waitMs > 0) {
    if (Date.now() + waitMs + MIN_ATTEMPT_MS > deadline) return false;
    await sleep(waitMs);
  }
  lastCallAt.set(channel, Date.now());
  return true;
}

/** The token stays out of every text this module returns, whatever a proxy or runtime echoes. */
function redact(text: string, token: string): string {
  return text.split(token).join('[token]');
}

/** A refused connection or unknown host never reached Slack; anything else may have. */
function mayHaveReached(err: unknown): boolean {
  const code = isRecord(err) && isRecord(err.cause) ? err.cause.code : undefined;
  return code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN';
}

export function normaliseApiUrl(url: string | undefined): string {
  const base = url?.trim() || DEFAULT_SLACK_API_URL;
  return base.endsWith('/') ? base : `${base}/`;
}

type Interpreted = ApiAnswer | { result: 'rate-limited'; waitMs: number };

function interpret(status: number, text: string, retryAfter: string | null, attempts: number): Interpreted {
  if (status === 429) return { result: 'rate-limited', waitMs: retryAfterMs(retryAfter) };
  if (status >= 500) return { result: 'retryable', reason: `HTTP ${status} ${text.slice(0, 200)}`.trim(), maybeDelivered: false };
  const parsed = parseJson(text);
  const body = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
  if (status >= 400 || !body) {
    return { result: 'rejected', slackError: `HTTP ${status} ${text.slice(0, 200)}`.trim(), configuration: false };
  }
  if (body.ok === true && typeof body.ts === 'string') return { result: 'ok', ts: body.ts, attempts };
  const error = typeof body.error === 'string' ? body.error : 'an answer without ok, ts or error';
  if (error === 'ratelimited') return { result: 'rate-limited', waitMs: retryAfterMs(retryAfter) };
  if (TRANSIENT_ERRORS.has(error)) return { result: 'retryable', reason: `Slack error ${error}`, maybeDelivered: false };
  return { result: 'rejected', slackError: error, configuration: CONFIGURATION_ERRORS.has(error) };
}

/** Calls one Web API method with the JSON body; `channel` is the target's. */
export async function callSlack(
  target: WebApiTarget,
  method: 'chat.postMessage' | 'chat.update',
  body: PostRequest & { ts?: string },
  deadline: number,
): Promise<ApiAnswer> {
  const url = new URL(method, target.baseUrl);
  const payload = JSON.stringify({ ...body, channel: target.channel });
  // Every path through the body returns except a rate limit whose wait fits, which tries again.
  for (let attempt = 1; ; attempt++) {
    if (!(await paceChannel(target.channel, deadline))) {
      return { result: 'retryable', reason: 'no time left to keep to one message per second in the channel', maybeDelivered: false };
    }
    const timeLeft = deadline - Date.now();
    if (timeLeft < MIN_ATTEMPT_MS) return { result: 'retryable', reason: `no time left for attempt ${attempt}`, maybeDelivered: false };
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${target.token}` },
        body: payload,
        signal: AbortSignal.timeout(Math.min(REQUEST_TIMEOUT_MS, timeLeft)),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (err) {
      return { result: 'retryable', reason: redact(describeFailure(err), target.token), maybeDelivered: mayHaveReached(err) };
    }
    const answer = interpret(status, redact(text, target.token), retryAfter, attempt);
    if (answer.result !== 'rate-limited') return answer;
    if (!waitFits(attempt, answer.waitMs, deadline)) {
      return { result: 'retryable', reason: `rate limited (Retry-After ${answer.waitMs / 1000} s) with no attempt or time left`, maybeDelivered: false };
    }
    logger.warn('Slack rate limited the Web API; waiting before the next attempt', { method, attempt, waitMs: answer.waitMs });
    await sleep(answer.waitMs);
  }
}
