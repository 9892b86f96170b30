/**
 * An RDS event as DescribeEvents lists it (reconcile's catch-up for EventBridge deliveries that
 * never came): source, time, categories and message, but no event id — that is recognised from
 * the message (rds-messages.ts). The identity is the one EventBridge and SNS give the same
 * occurrence, so whichever path is first, the others are duplicates.
 */
import { IDENTIFIER_LIMITS } from './bounds';
import { parseArn } from './arn';
import { rdsEventId, rdsOccurrenceId } from './rds-event-id';
import { eventIdFromMessage } from './rds-messages';
import type { RdsEventSignal, RdsSourceType } from './types';

/** The fields of DescribeEvents' `Event` this reads; the SDK's own type, narrowed to what matters. */
export interface DescribedRdsEvent {
  SourceIdentifier?: string;
  SourceType?: string;
  Message?: string;
  EventCategories?: string[];
  Date?: Date;
  SourceArn?: string;
}

const SOURCE_TYPES: readonly string[] = ['db-instance', 'db-cluster'] satisfies RdsSourceType[];

function isSourceType(value: string | undefined): value is RdsSourceType {
  return value !== undefined && SOURCE_TYPES.includes(value);
}

/** The signal of one listed event, or undefined for what rds-events never serves (snapshots, parameter groups, …). */
export function describedRdsEvent(event: DescribedRdsEvent): RdsEventSignal | undefined {
  const { SourceIdentifier: sourceId, SourceType: sourceType, Date: date } = event;
  if (!sourceId || sourceId.length > IDENTIFIER_LIMITS.rdsIdentifier || !isSourceType(sourceType) || !date || Number.isNaN(date.getTime())) return undefined;
  const message = event.Message ?? '';
  const time = date.toISOString();
  const arn = parseArn(event.SourceArn ?? '');
  return {
    kind: 'rds-event',
    id: rdsOccurrenceId(sourceId, time, message),
    time,
    via: 'reconcile',
    region: arn?.region,
    account: arn?.account,
    eventId: eventIdFromMessage(message) ?? rdsEventId(undefined, message),
    categories: event.EventCategories ?? [],
    sourceId,
    sourceType,
    sourceArn: event.SourceArn,
    message,
  };
}
