/**
 * EventBridge "CloudWatch Alarm State Change" events, true to the AWS shape. The embedded AWS
 * never evaluates alarms and emits no events, so tests and the demo build the event CloudWatch
 * would have sent: tests for any alarm, state and time; the demo from the alarm as the emulator
 * describes it after SetAlarmState, with a reason worded as CloudWatch words it.
 */
import { randomUUID } from 'node:crypto';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { ALARM_DETAIL_TYPE } from '../stack/patterns';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './moto';

export type AlarmStateValue = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

const ALARM_SOURCE = 'aws.cloudwatch';

export interface AlarmStateDetail {
  value: string;
  reason: string;
  reasonData?: string;
  timestamp: string;
}

export interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  period: number;
  stat: string;
}

export interface AlarmStateChangeDetail {
  alarmName: string;
  state: AlarmStateDetail;
  previousState: AlarmStateDetail;
  configuration: { description: string; metrics: { id: string; metricStat: { metric: Omit<AlarmMetric, 'period' | 'stat'>; period: number; stat: string }; returnData: true }[] };
}

export interface AlarmStateChangeEvent {
  version: '0';
  id: string;
  'detail-type': typeof ALARM_DETAIL_TYPE;
  source: typeof ALARM_SOURCE;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: AlarmStateChangeDetail;
}

/** CloudWatch writes the state timestamps of alarm events as 2026-11-24T08:06:10.789+0000. */
function cloudWatchTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** EventBridge's own `time` has whole seconds. */
function eventTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function alarmArn(alarmName: string): string {
  return `arn:aws:cloudwatch:${LOCAL_REGION}:${LOCAL_ACCOUNT}:alarm:${alarmName}`;
}

function stateChangeEvent(parts: {
  alarmName: string;
  alarmArn: string;
  at: Date;
  state: AlarmStateDetail;
  previousState: AlarmStateDetail;
  description: string;
  metric: AlarmMetric;
}): AlarmStateChangeEvent {
  const { namespace, name, dimensions, period, stat } = parts.metric;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': ALARM_DETAIL_TYPE,
    source: ALARM_SOURCE,
    account: LOCAL_ACCOUNT,
    time: eventTime(parts.at),
    region: LOCAL_REGION,
    resources: [parts.alarmArn],
    detail: {
      alarmName: parts.alarmName,
      state: parts.state,
      previousState: parts.previousState,
      configuration: {
        description: parts.description,
        metrics: [{ id: 'm1', metricStat: { metric: { namespace, name, dimensions }, period, stat }, returnData: true }],
      },
    },
  };
}

/** Any alarm, state and time, with a fixed CPU metric: what the integration tests need. */
export function alarmStateChange(alarmName: string, state: AlarmStateValue, at: Date, previous?: string): AlarmStateChangeEvent {
  const timestamp = cloudWatchTimestamp(at);
  return stateChangeEvent({
    alarmName,
    alarmArn: alarmArn(alarmName),
    at,
    state: {
      value: state,
      reason: `Threshold Crossed: 1 out of the last 1 datapoints was ${state === 'ALARM' ? 'greater' : 'not greater'} than the threshold (70.0).`,
      reasonData: JSON.stringify({ version: '1.0', queryDate: timestamp, statistic: 'Average', period: 60, threshold: 70 }),
      timestamp,
    },
    previousState: {
      value: previous ?? (state === 'ALARM' ? 'OK' : 'ALARM'),
      reason: 'previous state',
      timestamp: cloudWatchTimestamp(new Date(at.getTime() - 60_000)),
    },
    description: `${alarmName} (test)`,
    metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: {}, period: 60, stat: 'Average' },
  });
}

const COMPARISON_WORDS: Record<string, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** `24/11/26 08:05:00`: how CloudWatch dates datapoints in a reason. */
function datapointTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCFullYear() % 100)} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00`;
}

const oneDecimal = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

export interface ThresholdCrossing {
  reason: string;
  reasonData: string;
}

/**
 * The reason and reasonData CloudWatch gives when `datapoints` (oldest first, one per period
 * up to `at`) move the alarm to `state`, e.g. "Threshold Crossed: 3 out of the last 3
 * datapoints [91.2 (24/11/26 07:59:00), …] were greater than the threshold (70.0) …".
 */
export function thresholdCrossing(alarm: MetricAlarm, state: AlarmStateValue, datapoints: number[], at: Date): ThresholdCrossing {
  const period = alarm.Period ?? 60;
  const threshold = alarm.Threshold ?? 0;
  const newestPeriod = Math.floor(at.getTime() / (period * 1000)) * period * 1000;
  const dated = datapoints.map((value, i) => ({ value, at: new Date(newestPeriod - (datapoints.length - 1 - i) * period * 1000) }));
  const listed = [...dated].reverse().map((d) => `${oneDecimal(d.value)} (${datapointTime(d.at)})`);
  const n = datapoints.length;
  const comparison = COMPARISON_WORDS[alarm.ComparisonOperator ?? ''] ?? 'beyond';
  const verb = n === 1 ? 'was' : 'were';
  const transition = state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK';
  const reason =
    `Threshold Crossed: ${n} out of the last ${n} datapoint${n === 1 ? '' : 's'} [${listed.join(', ')}] ${verb} ` +
    `${state === 'ALARM' ? '' : 'not '}${comparison} the threshold (${oneDecimal(threshold)}) (minimum ${n} datapoint${n === 1 ? '' : 's'} for ${transition} transition).`;
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: cloudWatchTimestamp(at),
    startDate: cloudWatchTimestamp(dated[0]?.at ?? at),
    statistic: alarm.Statistic ?? 'Average',
    period,
    recentDatapoints: datapoints,
    threshold,
  });
  return { reason, reasonData };
}

function stateOf(alarm: MetricAlarm): AlarmStateDetail {
  return {
    value: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason ?? '',
    ...(alarm.StateReasonData ? { reasonData: alarm.StateReasonData } : {}),
    timestamp: cloudWatchTimestamp(alarm.StateUpdatedTimestamp ?? new Date()),
  };
}

/** The event CloudWatch emits when a metric alarm moves from `before` to `after` (both as DescribeAlarms gives them). */
export function alarmStateChangeFromAlarm(before: MetricAlarm, after: MetricAlarm): AlarmStateChangeEvent {
  const name = after.AlarmName ?? '';
  return stateChangeEvent({
    alarmName: name,
    alarmArn: after.AlarmArn ?? alarmArn(name),
    at: after.StateUpdatedTimestamp ?? new Date(),
    state: stateOf(after),
    previousState: stateOf(before),
    description: after.AlarmDescription ?? '',
    metric: {
      namespace: after.Namespace ?? '',
      name: after.MetricName ?? '',
      dimensions: Object.fromEntries((after.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
      period: after.Period ?? 60,
      stat: after.Statistic ?? 'Average',
    },
  });
}

/** The same transition as the alarm's own Lambda action delivers it (`alarmData`, the EventBridge detail's shape). */
export function alarmLambdaAction(event: AlarmStateChangeEvent) {
  return {
    source: ALARM_SOURCE,
    alarmArn: event.resources[0],
    accountId: event.account,
    time: event.detail.state.timestamp,
    region: event.region,
    alarmData: event.detail,
  };
}

/** The same transition as an SNS alarm notification delivers it to Lambda: one record whose Message is the alarm JSON. */
export function alarmSnsDelivery(event: AlarmStateChangeEvent) {
  const { detail } = event;
  const topicArn = `arn:aws:sns:${event.region}:${event.account}:alarms`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:1b2c3d4e`,
        Sns: {
          Type: 'Notification',
          MessageId: event.id,
          TopicArn: topicArn,
          Subject: `${detail.state.value}: "${detail.alarmName}" in US East (N. Virginia)`,
          Message: JSON.stringify({
            AlarmName: detail.alarmName,
            AlarmDescription: detail.configuration.description,
            AWSAccountId: event.account,
            NewStateValue: detail.state.value,
            NewStateReason: detail.state.reason,
            StateChangeTime: detail.state.timestamp,
            Region: 'US East (N. Virginia)',
            AlarmArn: event.resources[0],
            OldStateValue: detail.previousState.value,
          }),
          Timestamp: event.time,
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
