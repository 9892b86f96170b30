/**
 * The event id of an RDS event, however RDS wrote it. EventBridge's `detail.EventID` is
 * missing from some real events (the Lambda developer guide's own sample has none) and SNS's
 * `Event ID` is a documentation URL that may carry stray whitespace. An id that is missing or
 * does not look like `RDS-EVENT-nnnn` is reported like an uncatalogued event, under a stable
 * stand-in: `unknown-<10 hex of the SHA-256 of the message>`, so redeliveries of one
 * occurrence keep one identity while different messages from the same source stay apart.
 */
import { createHash } from 'node:crypto';

const EVENT_ID = /RDS-EVENT-\d+$/;

export const UNKNOWN_EVENT_ID_PREFIX = 'unknown-';

export function rdsEventId(raw: string | undefined, message: string): string {
  const id = EVENT_ID.exec(raw?.trim() ?? '')?.[0];
  if (id) return id;
  return `${UNKNOWN_EVENT_ID_PREFIX}${createHash('sha256').update(message.trim()).digest('hex').slice(0, 10)}`;
}
