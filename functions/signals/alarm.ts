/**
 * Alarm state changes, whichever way they arrive: the EventBridge "CloudWatch Alarm State
 * Change" event, an SNS alarm notification (a batch of records), or the alarm's direct Lambda
 * action (`alarmData`). One transition gets one id on every path:
 * `alarm:<alarmName>:<state>:<state timestamp, ISO-8601 UTC with ms>`.
 */
import * as z from 'zod';
import { IDENTIFIER_LIMITS } from './bounds';
import { dimensionsOfConfiguration, dimensionsOfSnsMessage } from './alarm-dimensions';
import { alarmTypeOfConfiguration, alarmTypeOfSnsMessage, triggeringAlarmsOf, triggeringChildrenOf } from './alarm-kind';
import { parseArn } from './arn';
import { isRecord, type JsonObject } from './json';
import { toParseResult } from './parse-result';
import { describeShape, reasonFromIssues } from './rejection';
import { describeSnsMessage, isSnsBatch, isSnsMessage, openSnsBatch, type SnsMessage } from './sns';
import { timestampSchema } from './timestamp';
import { ALARM_STATES, type AlarmSignal, type AlarmState, type ParseResult, type Rejection } from './types';

const STATE_CHANGE = 'CloudWatch Alarm State Change';
const LAMBDA_ACTION = 'alarm Lambda action';

function isAlarmState(value: unknown): value is AlarmState {
  return (ALARM_STATES as readonly unknown[]).includes(value);
}

/** `detail` of the EventBridge event and `alarmData` of the Lambda action share one shape. */
const alarmDetailSchema = z.object({
  alarmName: z.string().min(1).max(IDENTIFIER_LIMITS.alarmName, `is longer than the ${IDENTIFIER_LIMITS.alarmName} characters CloudWatch allows an alarm name`),
  state: z.object({
    value: z.enum(ALARM_STATES),
    reason: z.string().default(''),
    reasonData: z.string().optional(),
    timestamp: timestampSchema,
  }),
  // The previous state only informs reports, so an odd one is dropped rather than rejected.
  previousState: z.object({ value: z.unknown() }).partial().optional(),
  configuration: z.unknown().optional(),
});

const eventBridgeSchema = z.object({
  source: z.literal('aws.cloudwatch'),
  account: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: alarmDetailSchema,
});

const lambdaActionSchema = z.object({
  alarmArn: z.string().optional(),
  accountId: z.string().optional(),
  region: z.string().optional(),
  alarmData: alarmDetailSchema,
});

const snsMessageSchema = z.object({
  AlarmName: z.string().min(1).max(IDENTIFIER_LIMITS.alarmName, `is longer than the ${IDENTIFIER_LIMITS.alarmName} characters CloudWatch allows an alarm name`),
  AlarmArn: z.string().optional(),
  AWSAccountId: z.string().optional(),
  NewStateValue: z.enum(ALARM_STATES),
  OldStateValue: z.unknown().optional(),
  NewStateReason: z.string().default(''),
  StateChangeTime: timestampSchema,
});

type Delivered = Pick<AlarmSignal, 'via' | 'region' | 'account' | 'alarmArn'>;

function alarmSignal(detail: z.infer<typeof alarmDetailSchema>, delivered: Delivered): AlarmSignal {
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
  const parsed = eventBridgeSchema.safeParse(event, { reportInput: true });
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.error) };
  const { account, region, resources, detail } = parsed.data;
  return alarmSignal(detail, { via: 'eventbridge', account, region, alarmArn: resources?.[0] });
}

function fromLambdaAction(event: JsonObject): AlarmSignal | Rejection {
  const parsed = lambdaActionSchema.safeParse(event, { reportInput: true });
  if (!parsed.success) return { shape: LAMBDA_ACTION, reason: reasonFromIssues(parsed.error) };
  const { alarmArn, accountId, region, alarmData } = parsed.data;
  return alarmSignal(alarmData, { via: 'lambda-action', account: accountId, region, alarmArn });
}

function fromSnsMessage({ shape, message, topicArn }: SnsMessage): AlarmSignal | Rejection {
  if (!('AlarmName' in message)) {
    return { shape, reason: `Sns.Message is ${describeSnsMessage(message)}, not a CloudWatch alarm notification (no AlarmName)` };
  }
  const parsed = snsMessageSchema.safeParse(message, { reportInput: true });
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.error, 'Sns.Message') };
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
