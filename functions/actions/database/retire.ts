/**
 * Taking replicas away from a database whose readers are published: each leaves the reader
 * endpoint and parameter first, is tagged as draining, and is deleted only once the drain has
 * passed — inline when the drain is short and the invocation has time for it, else by
 * reconcile (finishDrained). The tag is written after the leave, so the drain counts from
 * the moment the records were changed; a retry before it finds the replica still counted and
 * leaves it again, one after it finds it draining and leaves the deletion to reconcile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AwsClients } from '../../aws/clients';
import { describeError } from '../../aws/errors';
import { logger } from '../../log';
import { publishReaders } from '../../readers/publish';
import type { ReaderPublication } from '../../readers/publication';
import type { ActionContext } from '../types';
import type { DatabaseState } from './model';
import { readDatabase } from './read';
import { deleteReplica, markDraining } from './write';

/** The longest drain a removal waits out itself; longer ones are finished by reconcile. */
export const INLINE_DRAIN_LIMIT_SECONDS = 15;
/** What an inline removal needs after its drain: the deletes, the report, the settle. */
const AFTER_DRAIN_MS = 10_000;
/**
 * reconcile deletes a drained replica this long after its drain ended, so a removal that is
 * waiting out a short drain inline deletes it, not both.
 */
export const FINISH_GRACE_SECONDS = 60;

const drainEnd = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

function waitsInline(publication: ReaderPublication, context: ActionContext): boolean {
  if (publication.drainSeconds > INLINE_DRAIN_LIMIT_SECONDS) return false;
  const deadline = context.deadline ?? Date.now() + 50_000;
  return Date.now() + publication.drainSeconds * 1000 + AFTER_DRAIN_MS < deadline;
}

/** Deletes the replicas, each leaving the readers first and draining when the database publishes them. */
export async function retireReplicas(clients: AwsClients, ids: readonly string[], publication: ReaderPublication | undefined, context: ActionContext): Promise<void> {
  if (!publication) {
    for (const id of ids) await deleteReplica(clients.rds, id);
    return;
  }
  const database = await readDatabase(clients.rds, publication.database);
  const leaving = ids.filter((id) => database.replicas.some((r) => r.id === id));
  const published = await publishReaders(clients, publication, database, leaving);
  // A zone or parameter a person must fix does not keep the replica: reconcile reports it, once.
  for (const problem of published.problems) logger.warn('the readers could not be updated before a removal; the replica drains and goes anyway', { error: describeError(problem) });
  const until = drainEnd(context.now, publication.drainSeconds);
  for (const id of leaving) await markDraining(clients.rds, id, until);
  if (!leaving.length || !waitsInline(publication, context)) return;
  await sleep(publication.drainSeconds * 1000);
  for (const id of leaving) await deleteReplica(clients.rds, id);
}

/** Draining replicas whose drain (and grace) has passed, to delete now. Pure. */
export function drainedReplicas(database: DatabaseState, now: Date): string[] {
  return (database.draining ?? []).filter((d) => Date.parse(d.until) + FINISH_GRACE_SECONDS * 1000 <= now.getTime()).map((d) => d.id);
}

/** reconcile's part: deletes the replicas whose drain has passed; returns their identifiers. */
export async function finishDrained(clients: AwsClients, database: DatabaseState, now: Date): Promise<string[]> {
  const due = drainedReplicas(database, now);
  for (const id of due) await deleteReplica(clients.rds, id);
  return due;
}
