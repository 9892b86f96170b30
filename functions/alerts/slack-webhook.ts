/**
 * Posting to a Slack incoming webhook: the URL from an SSM SecureString (read once per
 * container, never logged), and Slack's answers — 2xx posted; 429 waits Retry-After when the
 * time allows; 4xx is permanent; 5xx, timeouts and network errors are retryable.
 */
import { ConfigurationError } from '../errors';
import { logger } from '../log';
import { readSecureParameter } from './secure-parameter';
import type { SlackMessage } from './slack-blocks';
import { describeFailure, MIN_ATTEMPT_MS, REQUEST_TIMEOUT_MS, retryAfterMs, sleep, waitFits } from './slack-http';

let webhook: { parameter: string; url: Promise<string> } | undefined;

/** Forgets the cached URL, e.g. after Slack said the webhook is gone (it may have been rotated in SSM). */
export function forgetWebhook(): void {
  webhook = undefined;
}

async function readWebhook(parameter: string): Promise<string> {
  const value = await readSecureParameter(parameter);
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
export function webhookUrl(): Promise<string> {
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
export const WEBHOOK_GONE = new Set([403, 404, 410]);

export type Delivery =
  | { result: 'posted'; attempts: number }
  | { result: 'rejected'; status: number; slackError: string }
  | { result: 'retryable'; reason: string };

/** Replaces the webhook URL, and its path (where the secret is), wherever a message might echo it. */
function redact(text: string, url: string): string {
  const { pathname } = new URL(url);
  const withoutUrl = text.split(url).join('[webhook]');
  return pathname.length > 1 ? withoutUrl.split(pathname).join('[webhook path]') : withoutUrl;
}

export async function postToSlack(url: string, message: SlackMessage, deadline: number): Promise<Delivery> {
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
    if (!waitFits(attempt, waitMs, deadline)) {
      return { result: 'retryable', reason: `rate limited (HTTP 429, Retry-After ${waitMs / 1000} s) with no attempt or time left` };
    }
    logger.warn('Slack rate limited the webhook; waiting before the next attempt', { attempt, waitMs });
    await sleep(waitMs);
  }
}

