/**
 * removeReadReplica: delete the newest managed replica (or Aurora reader) — never one we did
 * not create, never the writer, never below `min` replicas in total.
 */
import { databaseResource, hasReplica, removableNewestFirst, replicaSnapshot, type DatabaseState } from './database/model';
import { deleteReplicaPermissions } from './database/permissions';
import { readDatabase } from './database/read';
import { retireReplicas } from './database/retire';
import { publicationKey } from '../readers/publications';
import type { ReaderPublication } from '../readers/publication';
import type { RemoveReadReplicaStep } from './steps';
import type { ActionContext, ActionDefinition, Decision } from './types';

export interface RemoveReplicaPlan {
  database: DatabaseState;
  replica: string;
  /** Where the database's readers are published: the replica leaves them and drains before it is deleted. */
  readers?: ReaderPublication;
}

export function decideRemoveReplica(database: DatabaseState, step: RemoveReadReplicaStep, context?: Pick<ActionContext, 'readers'>): Decision<RemoveReplicaPlan> {
  const before = replicaSnapshot(database);
  const count = database.replicas.length;
  if (count <= step.min) {
    return { change: false, reason: `${database.id} has ${count} replica(s); min is ${step.min}`, before };
  }
  const [newest] = removableNewestFirst(database);
  if (!newest) {
    const managed = database.replicas.filter((r) => r.managed).length;
    const why = managed ? `its ${managed} managed replica(s) are not available yet` : 'none of them was created by ops-autopilot';
    return { change: false, reason: `${database.id} has ${count} replica(s) but ${why}; unmanaged replicas are never removed`, before };
  }
  const names = database.replicas.map((r) => r.id).filter((id) => id !== newest.id);
  const readers = context?.readers?.get(publicationKey(step));
  const drain = readers ? `; it leaves the readers of ${readers.target} and is deleted after a ${readers.drainSeconds} s drain` : '';
  return {
    change: true,
    plan: { database, replica: newest.id, ...(readers ? { readers } : {}) },
    before,
    after: { ...before, replicas: count - 1, managed: Number(before.managed) - 1, names },
    summary: `remove managed replica ${newest.id} from ${database.id}: ${count} → ${count - 1} (min ${step.min})${drain}`,
  };
}

export const removeReadReplica: ActionDefinition<'removeReadReplica', DatabaseState, RemoveReplicaPlan> = {
  type: 'removeReadReplica',
  mutates: true,
  example: `- removeReadReplica: { source: app-db, min: 1, cooldown: 1800 }`,
  permissions: (step) => deleteReplicaPermissions(step),
  target: (step, region, account) => databaseResource(step, region, account),
  cooldownSeconds: (step) => step.cooldown,
  read: (clients, step) => readDatabase(clients.rds, step),
  decide: decideRemoveReplica,
  applied: (database, plan) => !hasReplica(database, plan.replica),
  execute: (clients, plan, context) => retireReplicas(clients, [plan.replica], plan.readers, context),
};
