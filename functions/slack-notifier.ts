/**
 * slack-notifier: posts every alert from the alert topic to Slack — and the stack's own health
 * alarms, which arrive there as CloudWatch alarm notifications. With SLACK_BOT_TOKEN_PARAMETER
 * and SLACK_CHANNEL it uses the Web API and threads each incident (alerts/threaded-delivery.ts);
 * otherwise the incoming webhook of SLACK_WEBHOOK_PARAMETER. Records that are neither are logged
 * and dropped; alerts Slack refuses for good are logged; if any alert failed in a way a retry
 * can fix, the invocation throws so Lambda retries (duplicates are skipped in Web API mode)
 * and the on-failure queue keeps it.
 */
import './stack-traces';
import type { Context } from 'aws-lambda';
import { parseAlertRecords } from './alerts/alert-records';
import { renderSlackMessage } from './alerts/slack-blocks';
import { SlackThreads } from './alerts/slack-threads';
import { botToken, forgetToken } from './alerts/slack-token';
import { normaliseApiUrl, type WebApiTarget } from './alerts/slack-web-api';
import { forgetWebhook, postToSlack, WEBHOOK_GONE, webhookUrl } from './alerts/slack-webhook';
import { deliverThreaded } from './alerts/threaded-delivery';
import type { Alert } from './model/alert';
import { ConfigurationError, OpsAutopilotError } from './errors';
import { logger } from './log';

/** Time kept back from the Lambda timeout to log, return and let the runtime report the result. */
const SAFETY_MARGIN_MS = 2_000;
/** Budget when there is no Lambda context (local invocation, tests). */
const DEFAULT_BUDGET_MS = 20_000;
/** Slack errors after which the token is read from SSM again: it may have been rotated there. */
const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

/** One or more alerts could not be delivered for a reason a later retry can fix. */
export class SlackDeliveryError extends OpsAutopilotError {
  override name = 'SlackDeliveryError';
}

export interface NotifierResult {
  posted: number;
  /** Slack refused them for good: logged, not retried. */
  rejected: number;
  /** Records that were not alerts: logged and dropped. */
  invalid: number;
  /** Alerts posted before (a repeated delivery; Web API mode only): not posted again. */
  duplicates: number;
}

type Outcome = 'posted' | 'rejected' | 'retryable' | 'duplicate';
type Deliver = (alert: Alert, facts: Record<string, string>) => Promise<Outcome>;

function webApiMode(): { tokenParameter: string; channel: string } | undefined {
  const tokenParameter = process.env.SLACK_BOT_TOKEN_PARAMETER?.trim();
  const channel = process.env.SLACK_CHANNEL?.trim();
  if (!tokenParameter && !channel) return undefined;
  if (!tokenParameter || !channel) {
    throw new ConfigurationError('SLACK_BOT_TOKEN_PARAMETER and SLACK_CHANNEL go together: set both for the Web API, or neither for the webhook');
  }
  return { tokenParameter, channel };
}

let threads: SlackThreads | undefined;

async function webApiDelivery(mode: { tokenParameter: string; channel: string }, deadline: number): Promise<Deliver> {
  const target: WebApiTarget = { baseUrl: normaliseApiUrl(process.env.SLACK_API_URL), token: await botToken(mode.tokenParameter), channel: mode.channel };
  threads ??= SlackThreads.fromEnvironment();
  const store = threads;
  return async (alert, facts) => {
    const delivery = await deliverThreaded(alert, { target, threads: store, now: () => new Date() }, deadline);
    switch (delivery.result) {
      case 'posted':
        logger.info('Posted alert to Slack', { ...facts, placement: delivery.placement, ts: delivery.ts, attempts: delivery.attempts });
        return 'posted';
      case 'duplicate':
        logger.info('Alert already posted to Slack; not posting it again', { ...facts, reason: delivery.reason });
        return 'duplicate';
      case 'rejected':
        logger.error('Slack rejected the alert; not retrying', { ...facts, slackError: delivery.slackError, needsConfigurationFix: delivery.configuration, channel: mode.channel });
        if (TOKEN_ERRORS.has(delivery.slackError)) forgetToken();
        return 'rejected';
      case 'retryable':
        logger.error('Could not post alert to Slack; the invocation will fail so it is retried', { ...facts, reason: delivery.reason });
        return 'retryable';
    }
  };
}

async function webhookDelivery(deadline: number): Promise<Deliver> {
  const url = await webhookUrl();
  return async (alert, facts) => {
    const delivery = await postToSlack(url, renderSlackMessage(alert), deadline);
    if (delivery.result === 'posted') {
      logger.info('Posted alert to Slack', { ...facts, attempts: delivery.attempts });
      return 'posted';
    }
    if (delivery.result === 'rejected') {
      logger.error('Slack rejected the alert; not retrying', { ...facts, status: delivery.status, slackError: delivery.slackError });
      if (WEBHOOK_GONE.has(delivery.status)) forgetWebhook();
      return 'rejected';
    }
    logger.error('Could not post alert to Slack; the invocation will fail so it is retried', { ...facts, reason: delivery.reason });
    return 'retryable';
  };
}

export const handler = async (event: unknown, context?: Partial<Context>): Promise<NotifierResult> => {
  const budget = context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS;
  const deadline = Date.now() + budget - SAFETY_MARGIN_MS;
  const parsed = parseAlertRecords(event);
  const alerts = parsed.filter((p) => 'alert' in p);
  for (const p of parsed) {
    if ('rejected' in p) logger.error('Dropped a record that is not an alert', { record: p.label, reason: p.rejected });
  }
  const result: NotifierResult = { posted: 0, rejected: 0, invalid: parsed.length - alerts.length, duplicates: 0 };
  if (!alerts.length) return result;

  const mode = webApiMode();
  const deliver = mode ? await webApiDelivery(mode, deadline) : await webhookDelivery(deadline);
  let retryable = 0;
  for (const { label, alert } of alerts) {
    const outcome = await deliver(alert, { record: label, incident: alert.incident, title: alert.title });
    if (outcome === 'posted') result.posted++;
    else if (outcome === 'rejected') result.rejected++;
    else if (outcome === 'duplicate') result.duplicates++;
    else retryable++;
  }
  if (retryable) {
    throw new SlackDeliveryError(`${retryable} of ${alerts.length} alerts could not be posted to Slack and should be retried`);
  }
  return result;
};
