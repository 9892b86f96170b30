/**
 * One alert through the Slack Web API, threaded by incident: claim the post (so a duplicate
 * delivery posts nothing), find the incident's root, post as a new root or as a reply, keep the
 * root, and when the alert closes the incident edit the root to show it resolved.
 *
 * Retry safety: a claim is released whenever the post did not succeed, so Lambda's retry posts
 * the alert; a redelivered closing alert whose root edit failed tries only the edit again.
 * What is left: when Slack took a post but its answer was lost (a timeout after sending), the
 * retry posts it again — chat.postMessage has no idempotency key, and finding the first copy
 * would need the channels:history scope. A duplicate is preferred to a lost alert.
 */
import { logger } from '../log';
import { closesIncident, incidentDurationSeconds, placeInThread, type Placement, type ThreadRoot } from './incident-thread';
import { renderSlackMessage } from './slack-blocks';
import { renderResolvedRoot } from './slack-resolved';
import { alertKey, type SlackThreads } from './slack-threads';
import { callSlack, type ApiAnswer, type WebApiTarget } from './slack-web-api';
import type { Alert } from '../model/alert';

/** Slack's answers to a reply whose root message no longer exists. */
const ROOT_GONE = new Set(['thread_not_found', 'message_not_found']);

export type ThreadedDelivery =
  | { result: 'posted'; ts: string; placement: 'root' | 'reply'; attempts: number }
  | { result: 'duplicate'; reason: string }
  | { result: 'rejected'; slackError: string; configuration: boolean }
  | { result: 'retryable'; reason: string };

export interface ThreadedDeliveryDeps {
  target: WebApiTarget;
  threads: SlackThreads;
  now: () => Date;
}

/** Edits the root to show the incident resolved; a failed edit is retryable, the reply itself stands. */
async function resolveRoot(alert: Alert, root: ThreadRoot, deps: ThreadedDeliveryDeps, deadline: number): Promise<ApiAnswer> {
  const message = renderResolvedRoot(root.rootAlert, alert, incidentDurationSeconds(root.rootAlert, alert));
  const answer = await callSlack(deps.target, 'chat.update', { ...message, ts: root.ts }, deadline);
  if (answer.result === 'ok') await deps.threads.markResolved(alert.incident, root.ts, alert.time);
  return answer;
}

function failed(answer: Exclude<ApiAnswer, { result: 'ok' }>, what: string): ThreadedDelivery {
  if (answer.result === 'rejected') return answer;
  const uncertain = answer.maybeDelivered ? '; Slack may have taken it, so the retry may post it twice' : '';
  return { result: 'retryable', reason: `${what}: ${answer.reason}${uncertain}` };
}

/** A closing alert posted before whose root still shows open: only the edit is tried again. */
async function retryResolve(alert: Alert, deps: ThreadedDeliveryDeps, deadline: number): Promise<ThreadedDelivery> {
  const root = await deps.threads.root(alert.incident);
  if (!closesIncident(alert) || !root || root.resolvedAt || root.channel !== deps.target.channel) {
    return { result: 'duplicate', reason: 'posted before' };
  }
  const answer = await resolveRoot(alert, root, deps, deadline);
  return answer.result === 'ok' ? { result: 'duplicate', reason: 'posted before; the root is now marked resolved' } : failed(answer, 'marking the root resolved');
}

export async function deliverThreaded(alert: Alert, deps: ThreadedDeliveryDeps, deadline: number): Promise<ThreadedDelivery> {
  const { threads, target } = deps;
  const key = alertKey(alert);
  const claim = await threads.claimPost(alert.incident, key, deps.now());
  if (claim.claim === 'posted-before') return retryResolve(alert, deps, deadline);
  if (claim.claim === 'in-progress') return { result: 'duplicate', reason: 'a concurrent delivery of the same alert is posting it' };

  let answer: ApiAnswer;
  let placement: Placement;
  let root: ThreadRoot | undefined;
  try {
    root = await threads.root(alert.incident);
    placement = placeInThread(alert, root, target.channel);
    const message = renderSlackMessage(alert);
    answer = await callSlack(target, 'chat.postMessage', placement.post === 'reply' ? { ...message, thread_ts: placement.threadTs } : message, deadline);
    if (answer.result === 'rejected' && ROOT_GONE.has(answer.slackError)) {
      // The root was deleted in Slack: as good as unknown, so this alert starts a new one.
      logger.warn('The thread root is gone from Slack; starting a new root', { incident: alert.incident, slackError: answer.slackError });
      root = undefined;
      placement = { post: 'root' };
      answer = await callSlack(target, 'chat.postMessage', message, deadline);
    }
  } catch (err) {
    await threads.releasePost(alert.incident, key);
    throw err;
  }
  if (answer.result !== 'ok') {
    await threads.releasePost(alert.incident, key);
    return failed(answer, 'posting');
  }
  await threads.settlePost(alert.incident, key, answer.ts);
  const posted: ThreadedDelivery = { result: 'posted', ts: answer.ts, placement: placement.post, attempts: answer.attempts };

  if (placement.post === 'root') {
    if (root?.channel === target.channel) logger.info('Incident reopened: a new thread root', { incident: alert.incident, previousRoot: root.ts });
    await threads.saveRoot(alert.incident, { channel: target.channel, ts: answer.ts, rootAlert: alert, ...(closesIncident(alert) ? { resolvedAt: alert.time } : {}) }, deps.now());
    return posted;
  }
  if (!placement.resolveRoot || !root) return posted;
  const edit = await resolveRoot(alert, root, deps, deadline);
  return edit.result === 'ok' ? posted : failed(edit, 'the reply was posted, but marking the root resolved failed');
}
