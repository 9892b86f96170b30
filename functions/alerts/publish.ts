/**
 * Publishing an alert to the alert topic (DESIGN.md, "Alerts on the topic"): one message whose
 * JSON structure gives each subscriber protocol its own rendering, and message attributes that
 * subscription filter policies can match.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import { ConfigurationError, OpsAutopilotError } from '../errors';
import { renderEmailText, renderSmsText, toAscii, truncate } from './email-text';
import type { Alert } from '../model/alert';

/** SNS rejects a subject of 100 characters or more. */
export const SUBJECT_MAX_CHARS = 99;

/** Per-protocol messages for `MessageStructure: 'json'`: SNS picks the protocol's key, else `default`. */
export interface AlertMessage {
  default: string;
  email: string;
  sms: string;
  sqs: string;
  lambda: string;
}

/** ASCII, one line, starting with a letter, digit or punctuation, under 100 characters: what SNS accepts. */
export function emailSubject(alert: Alert): string {
  const outcome = alert.action && alert.action.outcome !== 'done' ? ` (${alert.action.outcome})` : '';
  return truncate(toAscii(`[${alert.severity.toUpperCase()}]${outcome} ${alert.title}`), SUBJECT_MAX_CHARS, '...');
}

export function alertMessage(alert: Alert): AlertMessage {
  const json = JSON.stringify(alert);
  const text = renderEmailText(alert);
  return { default: text, email: text, sms: renderSmsText(alert), sqs: json, lambda: json };
}

/** The whole Publish request, pure, so tests check what goes to SNS without AWS. */
export function buildPublishInput(topicArn: string, alert: Alert): PublishCommandInput {
  const attributes: PublishCommandInput['MessageAttributes'] = {
    severity: { DataType: 'String', StringValue: alert.severity },
    kind: { DataType: 'String', StringValue: alert.kind },
  };
  // Extension: lets a subscription ask for failed actions only.
  if (alert.action) attributes.outcome = { DataType: 'String', StringValue: alert.action.outcome };
  return {
    TopicArn: topicArn,
    Subject: emailSubject(alert),
    MessageStructure: 'json',
    Message: JSON.stringify(alertMessage(alert)),
    MessageAttributes: attributes,
  };
}

/** Publishes one alert. Errors propagate: the caller decides whether a lost report matters. */
export async function publishAlert(sns: SNSClient, topicArn: string, alert: Alert): Promise<{ messageId: string }> {
  const { MessageId } = await sns.send(new PublishCommand(buildPublishInput(topicArn, alert)));
  if (!MessageId) throw new OpsAutopilotError(`SNS accepted the alert "${alert.title}" but returned no MessageId`);
  return { messageId: MessageId };
}

/** The alert topic's ARN from ALERT_TOPIC_ARN; read when needed, so a missing value names itself. */
export function alertTopicFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.ALERT_TOPIC_ARN?.trim();
  if (!arn) throw new ConfigurationError('ALERT_TOPIC_ARN is not set: it must name the SNS topic that receives alerts');
  if (!/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w.-]+$/.test(arn)) {
    throw new ConfigurationError(`ALERT_TOPIC_ARN is not an SNS topic ARN: "${arn}"`);
  }
  return arn;
}
