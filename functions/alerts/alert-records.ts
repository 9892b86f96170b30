/**
 * The records slack-notifier receives, whatever the delivery path: the SNS event of the topic
 * subscription (`Sns.Message` is the alert JSON), an SQS event whose bodies are alert JSON (raw
 * delivery) or SNS envelopes, or one alert object (direct invocation). A CloudWatch alarm
 * notification on the topic (the stack's own health alarms) becomes an alert too
 * (health-alarm.ts). A record that is neither comes back with the reason: retrying cannot fix it.
 */
import { isRecord, parseJson } from '../signals/json';
import { alertShape, type Alert } from '../model/alert';
import { reasonFromIssues } from '../signals/rejection';
import { check } from '../signals/shape';
import { healthAlarmAlert, isAlarmNotification } from './health-alarm';

/** An alert this code stored itself (a thread root), read back; undefined when it no longer fits the contract. */
export function alertFromJson(value: unknown): Alert | undefined {
  const result = check(alertShape, value);
  return result.success ? result.data : undefined;
}

export type Parsed = { label: string; alert: Alert } | { label: string; rejected: string };

function parseAlert(label: string, payload: unknown, topicArn?: string): Parsed {
  let value = payload;
  if (typeof value === 'string') {
    const json = parseJson(value);
    if (!json.ok) return { label, rejected: 'the message is not JSON' };
    value = json.value;
  }
  // An SQS subscription without raw delivery wraps the message in the SNS envelope.
  if (isRecord(value) && value.Type === 'Notification' && typeof value.Message === 'string') {
    return parseAlert(`${label} (SNS envelope)`, value.Message, typeof value.TopicArn === 'string' ? value.TopicArn : undefined);
  }
  if (isRecord(value) && isAlarmNotification(value)) {
    const alert = healthAlarmAlert(value, label, topicArn);
    return 'shape' in alert ? { label, rejected: alert.reason } : { label, alert };
  }
  const result = check(alertShape, value);
  if (result.success) return { label, alert: result.data };
  return { label, rejected: `not an alert: ${reasonFromIssues(result.issues)}` };
}

/** Every record of the batch, whatever the delivery path, as an alert or a reason it is not one. */
export function parseAlertRecords(event: unknown): Parsed[] {
  if (!isRecord(event) || !Array.isArray(event.Records)) return [parseAlert('direct invocation', event)];
  return event.Records.map((record: unknown, i): Parsed => {
    const n = i + 1;
    if (isRecord(record) && isRecord(record.Sns)) {
      const { Message, TopicArn } = record.Sns;
      return parseAlert(`SNS record ${n}`, Message, typeof TopicArn === 'string' ? TopicArn : undefined);
    }
    if (isRecord(record) && 'body' in record) return parseAlert(`SQS record ${n} (${String(record.messageId)})`, record.body);
    return { label: `record ${n}`, rejected: 'neither an SNS nor an SQS record' };
  });
}

