/**
 * The stack's own health alarms (a function's errors or throttles, events parked in a failure
 * queue: infra/stack/resources.ts) notify the alert topic as plain CloudWatch alarm
 * notifications. slack-notifier turns each into an alert so it reaches Slack like the others:
 * critical in ALARM, warning with insufficient data, info back at OK, one incident per alarm
 * (`alarm:<name>`), which OK closes.
 */
import { parseAlarmNotification } from '../signals/alarm';
import type { JsonObject } from '../signals/json';
import type { AlarmState, Rejection } from '../signals/types';
import { consoleLinks } from './links';
import type { Severity } from '../model/vocabulary';
import type { Alert } from '../model/alert';

const SEVERITY: Record<AlarmState, Severity> = { ALARM: 'critical', INSUFFICIENT_DATA: 'warning', OK: 'info' };

const TITLE: Record<AlarmState, string> = {
  ALARM: 'Stack health alarm',
  INSUFFICIENT_DATA: 'Stack health alarm has insufficient data',
  OK: 'Stack health alarm back to OK',
};

/** Lambda's default region, for a notification whose ARNs are missing. */
const FALLBACK_REGION = process.env.AWS_REGION ?? 'us-east-1';

export function isAlarmNotification(value: JsonObject): boolean {
  return typeof value.AlarmName === 'string' && 'NewStateValue' in value;
}

export function healthAlarmAlert(message: JsonObject, label: string, topicArn?: string): Alert | Rejection {
  const signal = parseAlarmNotification(message, label, topicArn);
  if ('shape' in signal) return signal;
  const description = typeof message.AlarmDescription === 'string' ? message.AlarmDescription.trim() : '';
  const resource = { type: 'alarm' as const, id: signal.alarmName, ...(signal.alarmArn ? { arn: signal.alarmArn } : {}) };
  return {
    version: 1,
    kind: 'alert',
    severity: SEVERITY[signal.state],
    title: `${TITLE[signal.state]}: ${signal.alarmName}`,
    summary: [description, signal.reason].filter(Boolean).join(' — '),
    incident: `alarm:${signal.alarmName}`,
    resource,
    trigger: { kind: 'alarm', id: signal.id, name: signal.alarmName, state: signal.state },
    links: consoleLinks(resource, signal.region ?? FALLBACK_REGION),
    time: signal.time,
    details: { previousState: signal.previousState ?? 'unknown' },
  };
}
