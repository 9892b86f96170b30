/**
 * What the webhook and the Web API clients share about talking to Slack over HTTP: how long
 * to wait, how often to try, how to read Retry-After, and how to describe a failed fetch.
 */
import { isRecord } from '../signals/json';

/** A request with less time than this is not worth starting. */
export const MIN_ATTEMPT_MS = 1_000;
/** Slack answers in well under a second; a hung connection must not eat the whole budget. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Attempts per call while Slack rate-limits; beyond that Lambda's own retry waits longer. */
export const MAX_ATTEMPTS = 3;
/** Slack always sends Retry-After with a 429; this is for a proxy that does not. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * `TypeError: fetch failed (ECONNREFUSED)`: fetch hides the network error in `cause`.
 * Duck-typed, because fetch's errors may come from another realm, where instanceof fails.
 */
export function describeFailure(err: unknown): string {
  if (!isRecord(err)) return String(err);
  const cause = isRecord(err.cause) ? (err.cause.code ?? err.cause.message) : undefined;
  return `${String(err.name)}: ${String(err.message)}${cause ? ` (${String(cause)})` : ''}`;
}

/** Retry-After is seconds from Slack; an HTTP date is accepted too. */
export function retryAfterMs(header: string | null): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}

/** Whether a wait of `waitMs` still leaves time for one more attempt before the deadline. */
export function waitFits(attempt: number, waitMs: number, deadline: number): boolean {
  return attempt < MAX_ATTEMPTS && Date.now() + waitMs + MIN_ATTEMPT_MS <= deadline;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
