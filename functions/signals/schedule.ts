/**
 * A schedule firing, in the three shapes that reach `scheduled-scaling`: the stack's own
 * `{"schedule":"<name>","scheduledTime":"<aws.scheduler.scheduled-time>"}`, EventBridge
 * Scheduler's default payload (source aws.scheduler), and a classic EventBridge schedule
 * rule's "Scheduled Event" (source aws.events). The event shapes name the schedule by the
 * last segment of their resource ARN. Identity: `schedule:<name>@<scheduledTime>`, or
 * `schedule:<name>@unresolved` when the firing time is unknown (the handler resolves it).
 */
import { ENVELOPE_FIELDS, IDENTIFIER_LIMITS } from './bounds';
import { arnResourceName, parseArn } from './arn';
import { isRecord, type JsonObject } from './json';
import { toParseResult } from './parse-result';
import { describeShape, reasonFromIssues } from './rejection';
import { array, check, object, oneOf, optional, string, type Check } from './shape';
import { timestamp } from './timestamp';
import type { ParseResult, Rejection, ScheduleSignal } from './types';

const SCHEDULE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SCHEDULED_EVENT = 'Scheduled Event';
const EVENT_SOURCES = { 'aws.scheduler': 'scheduler', 'aws.events': 'schedule-rule' } as const;

/** A Scheduler context attribute left as written, e.g. when a rule (not Scheduler) delivers the input. */
const UNSUBSTITUTED = /^<aws\.scheduler\.[a-z-]+>$/;

/** `scheduledTime`, unless Scheduler left its placeholder unsubstituted. */
const scheduledTime: Check<string | undefined> = (input, path, issues) => {
  const text = optional(string())(input, path, issues);
  return text === undefined || UNSUBSTITUTED.test(text) ? undefined : timestamp(text, path, issues);
};

const directSchema = object({
  schedule: string({ min: 1, max: { length: IDENTIFIER_LIMITS.scheduleName, message: `is longer than the ${IDENTIFIER_LIMITS.scheduleName} characters a schedule name may have` } }),
  scheduledTime,
});

const scheduledEventSchema = object({
  source: oneOf(['aws.scheduler', 'aws.events']),
  account: optional(ENVELOPE_FIELDS.account),
  region: optional(ENVELOPE_FIELDS.region),
  time: optional(timestamp),
  resources: array(ENVELOPE_FIELDS.arn, { min: 1 }),
});

interface Firing {
  name: string;
  scheduledTime: string | undefined;
  via: ScheduleSignal['via'];
  region?: string;
  account?: string;
}

function scheduleSignal(shape: string, firing: Firing, receivedAt: Date): ScheduleSignal | Rejection {
  const { name, scheduledTime, via, region, account } = firing;
  if (name.length > IDENTIFIER_LIMITS.scheduleName) {
    return { shape, reason: `schedule name is longer than the ${IDENTIFIER_LIMITS.scheduleName} characters a schedule name may have` };
  }
  if (!SCHEDULE_NAME.test(name)) {
    return { shape, reason: `schedule name ${JSON.stringify(name)} must be lowercase letters, digits and single dashes, e.g. weekday-peak` };
  }
  return {
    kind: 'schedule',
    id: `schedule:${name}@${scheduledTime ?? 'unresolved'}`,
    time: scheduledTime ?? receivedAt.toISOString(),
    via,
    region,
    account,
    schedule: name,
    scheduledTime,
  };
}

function fromDirect(input: JsonObject, receivedAt: Date): ScheduleSignal | Rejection {
  const shape = 'direct schedule invocation';
  const parsed = check(directSchema, input);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues) };
  return scheduleSignal(shape, { name: parsed.data.schedule, scheduledTime: parsed.data.scheduledTime, via: 'direct' }, receivedAt);
}

function fromScheduledEvent(event: JsonObject, receivedAt: Date): ScheduleSignal | Rejection {
  const shape = describeShape(event);
  if (event['detail-type'] !== SCHEDULED_EVENT) {
    return { shape, reason: `detail-type must be "${SCHEDULED_EVENT}", got ${JSON.stringify(event['detail-type'])}` };
  }
  const parsed = check(scheduledEventSchema, event);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues) };
  const { source, account, region, time, resources } = parsed.data;
  const [resource = ''] = resources;
  const name = arnResourceName(resource);
  if (name === undefined) return { shape, reason: `resources[0] is not a schedule or rule ARN: ${JSON.stringify(resource)}` };
  const arn = parseArn(resource);
  return scheduleSignal(
    shape,
    { name, scheduledTime: time, via: EVENT_SOURCES[source], region: region ?? arn?.region, account: account ?? arn?.account },
    receivedAt,
  );
}

/**
 * @param receivedAt when the invocation arrived: the signal's `time` when the input carries no
 * firing time. Passed in so parsing stays pure; @default now
 */
export function parseScheduleInput(input: unknown, receivedAt: Date = new Date()): ParseResult<ScheduleSignal> {
  if (isRecord(input) && 'schedule' in input) return toParseResult([fromDirect(input, receivedAt)]);
  if (isRecord(input) && typeof input['detail-type'] === 'string') return toParseResult([fromScheduledEvent(input, receivedAt)]);
  return toParseResult<ScheduleSignal>([
    {
      shape: describeShape(input),
      reason: 'not a schedule invocation: expected {"schedule":"<name>"} or an EventBridge "Scheduled Event"',
    },
  ]);
}
