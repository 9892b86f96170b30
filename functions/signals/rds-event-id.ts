/**
 * Names for an RDS event. Its event id, however RDS wrote it: EventBridge's `detail.EventID`
 * is missing from some real events (the Lambda developer guide's own sample has none), SNS's
 * `Event ID` is a documentation URL that may carry stray whitespace, and DescribeEvents has
 * none at all. An id that is missing or does not look like `RDS-EVENT-nnnn` is reported like
 * an uncatalogued event, under a stable stand-in: `unknown-<10 hex of the SHA-256 of the
 * message>`.
 *
 * Its identity is built from what every path carries — source, time and message — so one
 * occurrence has one id whether EventBridge, SNS or reconcile's DescribeEvents brought it.
 */
import { createHash } from 'node:crypto';

const EVENT_ID = /RDS-EVENT-\d+$/;

export const UNKNOWN_EVENT_ID_PREFIX = 'unknown-';

/** Case, spacing and a final full stop are how paths differ in writing one message. */
function digest(message: string): string {
  const canonical = message.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();
  return createHash('sha256').update(canonical).digest('hex').slice(0, 10);
}

export function rdsEventId(raw: string | undefined, message: string): string {
  const id = EVENT_ID.exec(raw?.trim() ?? '')?.[0];
  return id ?? `${UNKNOWN_EVENT_ID_PREFIX}${digest(message)}`;
}

/** `rds:<source>:<event time, ISO-8601 UTC with ms>:<message digest>` */
export function rdsOccurrenceId(sourceId: string, time: string, message: string): string {
  return `rds:${sourceId}:${time}:${digest(message)}`;
}
