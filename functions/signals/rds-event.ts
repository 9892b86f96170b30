/**
 * RDS DB instance and cluster events, as EventBridge "RDS DB Instance Event" / "RDS DB Cluster
 * Event" or as RDS event-subscription notifications through SNS. One occurrence gets one id on
 * every path (rds-event-id.ts), the event time being EventBridge `detail.Date` (the envelope
 * `time` only when Date is absent) or SNS `Event Time`. A missing or malformed event id does
 * not reject the event.
 */
import { ENVELOPE_FIELDS, IDENTIFIER_LIMITS } from './bounds';
import { parseArn } from './arn';
import { isRecord, type JsonObject } from './json';
import { toParseResult } from './parse-result';
import { catalogEntry } from './rds-catalog';
import { rdsEventId, rdsOccurrenceId } from './rds-event-id';
import { describeShape, reasonFromIssues } from './rejection';
import { describeSnsMessage, isSnsBatch, isSnsMessage, openSnsBatch, type SnsMessage } from './sns';
import { array, check, object, oneOf, optional, string, withDefault } from './shape';
import { timestamp } from './timestamp';
import type { ParseResult, RdsEventSignal, RdsSourceType, Rejection } from './types';

const DETAIL_TYPES = ['RDS DB Instance Event', 'RDS DB Cluster Event'] as const;
const SOURCE_TYPES: Record<'DB_INSTANCE' | 'CLUSTER', RdsSourceType> = { DB_INSTANCE: 'db-instance', CLUSTER: 'db-cluster' };

const TOO_LONG = `is longer than the ${IDENTIFIER_LIMITS.rdsIdentifier} characters RDS allows an instance or cluster identifier`;

const eventBridgeSchema = object({
  source: oneOf(['aws.rds']),
  'detail-type': oneOf(DETAIL_TYPES),
  account: optional(ENVELOPE_FIELDS.account),
  region: optional(ENVELOPE_FIELDS.region),
  time: optional(timestamp),
  detail: object({
    EventID: optional(string()),
    EventCategories: withDefault(array(ENVELOPE_FIELDS.category), []),
    SourceType: oneOf(['DB_INSTANCE', 'CLUSTER']),
    // Documentation examples prefix it with `rds:`.
    SourceIdentifier: string({ min: 1, max: { length: IDENTIFIER_LIMITS.rdsIdentifier + 'rds:'.length, message: TOO_LONG } }),
    SourceArn: optional(ENVELOPE_FIELDS.arn),
    Message: withDefault(string(), ''),
    Date: optional(timestamp),
  }),
});

const snsMessageSchema = object({
  'Event Source': oneOf(['db-instance', 'db-cluster']),
  'Event Time': timestamp,
  'Source ID': string({ min: 1, max: { length: IDENTIFIER_LIMITS.rdsIdentifier, message: TOO_LONG } }),
  'Source ARN': optional(ENVELOPE_FIELDS.arn),
  // A documentation URL whose fragment is the id: …/USER_Events.html#RDS-EVENT-0013
  'Event ID': optional(string()),
  'Event Message': withDefault(string(), ''),
});

function fromEventBridge(event: JsonObject): RdsEventSignal | Rejection {
  const shape = describeShape(event);
  if (event.source !== 'aws.rds' || !(DETAIL_TYPES as readonly unknown[]).includes(event['detail-type'])) {
    return { shape, reason: `not an RDS DB instance or cluster event: expected source "aws.rds" and detail-type ${DETAIL_TYPES.map((t) => `"${t}"`).join(' or ')}` };
  }
  const parsed = check(eventBridgeSchema, event);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues) };
  const { account, region, time: envelopeTime, detail } = parsed.data;
  const time = detail.Date ?? envelopeTime;
  if (time === undefined) return { shape, reason: 'detail.Date is missing and so is the event time' };
  // Documentation examples write SourceIdentifier as "rds:<name>"; instance and cluster names never hold a colon.
  const sourceId = detail.SourceIdentifier.replace(/^rds:/, '');
  if (sourceId.length > IDENTIFIER_LIMITS.rdsIdentifier) {
    return { shape, reason: `detail.SourceIdentifier is longer than the ${IDENTIFIER_LIMITS.rdsIdentifier} characters RDS allows an instance or cluster identifier` };
  }
  const eventId = rdsEventId(detail.EventID, detail.Message);
  return {
    kind: 'rds-event',
    id: rdsOccurrenceId(sourceId, time, detail.Message),
    time,
    via: 'eventbridge',
    region,
    account,
    eventId,
    categories: detail.EventCategories,
    sourceId,
    sourceType: SOURCE_TYPES[detail.SourceType],
    sourceArn: detail.SourceArn,
    message: detail.Message,
  };
}

function fromSnsMessage({ shape, message, topicArn }: SnsMessage): RdsEventSignal | Rejection {
  if (!('Event Source' in message)) {
    return { shape, reason: `Sns.Message is ${describeSnsMessage(message)}, not an RDS event notification (no "Event Source")` };
  }
  const parsed = check(snsMessageSchema, message);
  if (!parsed.success) return { shape, reason: reasonFromIssues(parsed.issues, 'Sns.Message') };
  const fields = parsed.data;
  const eventId = rdsEventId(fields['Event ID'], fields['Event Message']);
  const sourceId = fields['Source ID'];
  const time = fields['Event Time'];
  const arn = parseArn(fields['Source ARN'] ?? topicArn ?? '');
  // Notifications carry no categories; the catalog knows the category of every listed id.
  const category = catalogEntry(eventId)?.category;
  return {
    kind: 'rds-event',
    id: rdsOccurrenceId(sourceId, time, fields['Event Message']),
    time,
    via: 'sns',
    region: arn?.region,
    account: arn?.account,
    eventId,
    categories: category ? [category] : [],
    sourceId,
    sourceType: fields['Event Source'],
    sourceArn: fields['Source ARN'],
    message: fields['Event Message'],
  };
}

function parseOne(input: unknown): RdsEventSignal | Rejection {
  if (isRecord(input) && typeof input['detail-type'] === 'string') return fromEventBridge(input);
  return {
    shape: describeShape(input),
    reason: 'not an RDS event: expected an EventBridge "RDS DB Instance Event"/"RDS DB Cluster Event" or an SNS batch of RDS notifications',
  };
}

export function parseRdsInput(input: unknown): ParseResult<RdsEventSignal> {
  if (!isSnsBatch(input)) return toParseResult([parseOne(input)]);
  return toParseResult(openSnsBatch(input).map((opened) => (isSnsMessage(opened) ? fromSnsMessage(opened) : opened)));
}
