/** What Lambda hands slack-notifier: the SNS event of its subscription to the alert topic. */
import { alertMessage } from '../../functions/alerts/publish';
import type { Alert } from '../../functions/model/alert';

export const ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts';

/** One record per message body as published on the topic. */
export function snsRecords(...messages: string[]) {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `${ALERT_TOPIC_ARN}:sub-1`,
      Sns: { Type: 'Notification', MessageId: `msg-${i}`, TopicArn: ALERT_TOPIC_ARN, Message, Timestamp: new Date().toISOString() },
    })),
  };
}

/** The alerts as the function receives them: `Message` is the `lambda` key of the published message. */
export function snsEvent(...alerts: Alert[]) {
  return snsRecords(...alerts.map((alert) => alertMessage(alert).lambda));
}
