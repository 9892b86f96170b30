/**
 * slack-notifier: posts every alert from the alert topic to a Slack incoming webhook. Records
 * that are not alerts are logged and dropped; alerts Slack refuses for good (4xx) are logged;
 * if any alert failed in a way a retry can fix, the invocation throws so Lambda retries and
 * the on-failure queue keeps it.
 */
import type { Context } from 'aws-lambda';
import { parseAlertRecords } from './alerts/alert-records';
import { renderSlackMessage } from './alerts/slack-blocks';
import { forgetWebhook, postToSlack, WEBHOOK_GONE, webhookUrl } from './alerts/slack-webhook';
import { OpsAutopilotError } from './errors';
import { logger } from './log';

/** Time kept back from the Lambda timeout to log, return and let the runtime report the result. */
const SAFETY_MARGIN_MS = 2_000;
/** Budget when there is no Lambda context (local invocation, tests). */
const DEFAULT_BUDGET_MS = 20_000;

/** One or more alerts could not be delivered for a reason a later retry can fix. */
export class SlackDeliveryError extends OpsAutopilotError {}

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
  const parsed = parseAlertRecords(event);
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
    const delivery = await postToSlack(url, renderSlackMessage(alert), deadline);
    if (delivery.result === 'posted') {
      result.posted++;
      logger.info('Posted alert to Slack', { ...facts, attempts: delivery.attempts });
    } else if (delivery.result === 'rejected') {
      result.rejected++;
      logger.error('Slack rejected the alert; not retrying', { ...facts, status: delivery.status, slackError: delivery.slackError });
      if (WEBHOOK_GONE.has(delivery.status)) forgetWebhook();
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
