/**
 * Alarm state changes, whichever way they arrive: the EventBridge "CloudWatch Alarm State
 * Change" event, an SNS alarm notification (a batch of records), or the alarm's direct Lambda
 * action (`alarmData`). One transition gets one id on every path:
 * `alarm:<alarmName>:<state>:<state timestamp, ISO-8601 UTC with ms>`.
 */
import { ENVELOPE_FIELDS, IDENTIFIER_LIMITS } from './bounds';
import { dimensionsOfConfiguration, dimensionsOfSnsMessage } from './alarm-dimensions';
import { alarmTypeOfConfiguration, alarmTypeOfSnsMessage, triggeringAlarmsOf, triggeringChildrenOf } from './alarm-kind';
import { parseArn } from './arn';
import { isRecord, type JsonObject } from './json';
import { toParseResult } from './parse-result';
import { describeShape, reasonFromIssues } from './rejection';
import { describeSnsMessage, isSnsBatch, isSnsMessage, openSnsBatch, type SnsMessage } from './sns';
import { array, check, object, oneOf, optional, string, unknownValue, withDefault, type Checked } from './shape';
import { timestamp } from './timestamp';
import { ALARM_STATES, type AlarmSignal, type AlarmState, type ParseResult, type Rejection } from './types';

const STATE_CHANGE = 'CloudWatch Alarm State Change';
const LAMBDA_ACTION = 'alarm Lambda action';

function isAlarmState(value: unknown): value is AlarmState {
  return (ALARM_STATES as readonly unknown[]).includes(value);
}

/** `detail` of the EventBridge event and `alarmData` of the Lambda action share one shape. */
const alarmName = string({ min: 1, max: { length: IDENTIFIER_LIMITS.alarmName, message: `is longer than the ${IDENTIFIER_LIMITS.alarmName} characters CloudWatch allows an alarm name` } });

const alarmDetailSchema = object({
  alarmName,
  state: object({
    value: oneOf(ALARM_STATES),
    reason: withDefault(string(), ''),
    reasonData: optional(string()),
    timestamp,
  }),
  // The previous state only informs reports, so an odd one is dropped rather than rejected.
  previousState: optional(object({ value: unknownValue })),
  configuration: unknownValue,
});

const eventBridgeSchema = object({
  source: oneOf(['aws.cloudwatch']),
  account: optional(ENVELOPE_FIELDS.account),
  region: optional(ENVELOPE_FIELDS.region),
  resources: optional(array(ENVELOPE_FIELDS.arn)),
  detail: alarmDetailSchema,
});

const lambdaActionSchema = object({
  alarmArn: optional(ENVELOPE_FIELDS.arn),
  accountId: optional(ENVELOPE_FIELDS.account),
  region: optional(ENVELOPE_FIELDS.region),
  alarmData: alarmDetailSchema,
});

const snsMessageSchema = object({
  AlarmName: alarmName,
  AlarmArn: optional(ENVELOPE_FIELDS.arn),
  AWSAccountId: optional(ENVELOPE_FIELDS.account),
  NewStateValue: oneOf(ALARM_STATES),
  OldStateValue: unknownValue,
  NewStateReason: withDefault(string(), ''),
  StateChangeTime: timestamp,
});

type Delivered = Pick<AlarmSignal, 'via' | 'region' | 'account' | 'alarmArn'>;

function alarmSignal(detail: Checked<typeof alarmDetailSchema>, delivered: Delivered): AlarmSignal {
  const { alarmName, state, previousState, configuration } = detail;
  const triggeringAlarms = triggeringAlarmsOf(state.reasonData);
  return {
    kind: 'alarm',
    id: `alarm:${alarmName}:${state.value}:${state.timestamp}`,
    time: state.timestamp,
    ...delivered,
    alarmName,
    state: state.value,
    previousState: isAlarmState(previousState?.value) ? previousState.value : undefined,
    reason: state.reason,
    alarmType: alarmTypeOfConfiguration(configuration, state.reasonData),
    triggeringAlarms,
    dimensions: dimensionsOfConfiguration(configuration),
  };
}

function fromEventBridge(event: JsonObject): AlarmSignal | Rejection {
  const shape = describeShape(event);
  if (event['detail-type'] !== STATE_CHANGE) {
    return { shape, reason: `detail-type must be "${STATE_CHANGE}", got ${JSON.stringify(event['detail-type'])}` };
  }
  const parsed = check(eventBridgeSchema, event);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues) };
  const { account, region, resources, detail } = parsed.data;
  return alarmSignal(detail, { via: 'eventbridge', account, region, alarmArn: resources?.[0] });
}

function fromLambdaAction(event: JsonObject): AlarmSignal | Rejection {
  const parsed = check(lambdaActionSchema, event);
  if (!parsed.success) return { shape: LAMBDA_ACTION, reason: reasonFromIssues(parsed.issues) };
  const { alarmArn, accountId, region, alarmData } = parsed.data;
  return alarmSignal(alarmData, { via: 'lambda-action', account: accountId, region, alarmArn });
}

function fromSnsMessage({ shape, message, topicArn }: SnsMessage): AlarmSignal | Rejection {
  if (!('AlarmName' in message)) {
    return { shape, reason: `Sns.Message is ${describeSnsMessage(message)}, not a CloudWatch alarm notification (no AlarmName)` };
  }
  const parsed = check(snsMessageSchema, message);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues, 'Sns.Message') };
  const { AlarmName, AlarmArn, AWSAccountId, NewStateValue, OldStateValue, NewStateReason, StateChangeTime } = parsed.data;
  // `Region` holds a display name ("US East (N. Virginia)"); the ARNs hold the region code.
  const arn = parseArn(AlarmArn ?? topicArn ?? '');
  const triggeringAlarms = triggeringChildrenOf(message);
  return {
    kind: 'alarm',
    id: `alarm:${AlarmName}:${NewStateValue}:${StateChangeTime}`,
    time: StateChangeTime,
    via: 'sns',
    region: arn?.region,
    account: AWSAccountId ?? arn?.account,
    alarmName: AlarmName,
    alarmArn: AlarmArn,
    state: NewStateValue,
    previousState: isAlarmState(OldStateValue) ? OldStateValue : undefined,
    reason: NewStateReason,
    alarmType: alarmTypeOfSnsMessage(message),
    triggeringAlarms,
    dimensions: dimensionsOfSnsMessage(message),
  };
}

function parseOne(input: unknown): AlarmSignal | Rejection {
  if (!isRecord(input)) {
    return { shape: describeShape(input), reason: 'expected an alarm event object (EventBridge, SNS or alarm Lambda action)' };
  }
  if ('alarmData' in input) return fromLambdaAction(input);
  if (typeof input['detail-type'] === 'string') return fromEventBridge(input);
  return {
    shape: describeShape(input),
    reason: 'not an alarm event: expected an EventBridge "detail-type", SNS "Records" or a Lambda action "alarmData"',
  };
}

/** One CloudWatch alarm notification already taken out of its SNS record (slack-notifier reads them off the alert topic). */
export function parseAlarmNotification(message: JsonObject, shape: string, topicArn?: string): AlarmSignal | Rejection {
  return fromSnsMessage({ shape, message, topicArn });
}

export function parseAlarmInput(input: unknown): ParseResult<AlarmSignal> {
  if (!isSnsBatch(input)) return toParseResult([parseOne(input)]);
  return toParseResult(openSnsBatch(input).map((opened) => (isSnsMessage(opened) ? fromSnsMessage(opened) : opened)));
}
