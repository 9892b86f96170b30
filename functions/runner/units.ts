/**
 * Units of exactly-once work in the ledger, as the runner uses them: claiming one (waiting a
 * little while another attempt finishes it), and publishing its outbox. An alert is recorded in
 * the unit before it is published and the unit is finished only after, so a retry publishes
 * what an earlier attempt could not, and never what it did.
 */
import { publishAlert } from '../alerts/publish';
import type { Claim, WorkKey } from '../ledger/ledger';
import type { Alert } from '../model/alert';
import type { InvocationRequest } from './request';

/** How long a duplicate waits for the attempt that holds its unit before it hands itself to a retry. */
export const BUSY_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tries `attempt` until its answer is not busy, backing off, for at most BUSY_WAIT_MS (and never
 * past the invocation's deadline); then answers with the last try.
 */
export async function whileBusy<T>(request: InvocationRequest, attempt: () => Promise<T>, isBusy: (answer: T) => boolean): Promise<T> {
  const giveUpAt = Math.min(Date.now() + BUSY_WAIT_MS, request.deadline);
  for (let pause = 100; ; pause = Math.min(pause * 2, 1_000)) {
    const answer = await attempt();
    if (!isBusy(answer) || Date.now() + pause > giveUpAt) return answer;
    await sleep(pause);
  }
}

/** Claims the unit; while another live attempt holds it, waits for it to finish (or give it back). */
export function claimUnit(request: InvocationRequest, work: WorkKey): Promise<Claim> {
  return whileBusy(request, () => request.ledger.claim(work, request.attempt, request.now()), (claim) => claim.result === 'busy');
}

export async function publishAll(request: InvocationRequest, alerts: Alert[]): Promise<void> {
  for (const alert of alerts) await publishAlert(request.clients.sns, request.topicArn, alert);
}

/** Publishes what a unit recorded, then lets it continue as settled. */
export async function flushOutbox(request: InvocationRequest, work: WorkKey, alerts: Alert[]): Promise<void> {
  await publishAll(request, alerts);
  await request.ledger.markPublished(work, request.attempt);
}

export type ReportOnce = { result: 'done' } | { result: 'busy' } | { result: 'reported'; alerts: Alert[] };

/** A unit that only reports (an alert step, a function's alert on an event): claimed, recorded, published, finished — once. */
export async function reportOnce(request: InvocationRequest, work: WorkKey, render: () => Promise<Alert>): Promise<ReportOnce> {
  const claim = await claimUnit(request, work);
  if (claim.result !== 'claimed') return claim;
  const alerts = claim.outbox?.alerts ?? [await render()];
  if (!claim.outbox) await request.ledger.settle(work, request.attempt, { then: 'done', outcome: 'alerted', reports: alerts, published: false }, request.now());
  await flushOutbox(request, work, alerts);
  return { result: 'reported', alerts };
}
