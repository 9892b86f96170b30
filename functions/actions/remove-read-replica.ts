/**
 * removeReadReplica: delete the newest managed replica (or Aurora reader) — never one we did
 * not create, never the writer, never below `min` replicas in total.
 */
import { databaseResource, hasReplica, removableNewestFirst, replicaSnapshot, type DatabaseState } from './database/model';
import { deleteReplicaPermissions } from './database/permissions';
import { readDatabase } from './database/read';
import { deleteReplica } from './database/write';
import type { RemoveReadReplicaStep } from './steps';
import type { ActionDefinition, Decision } from './types';

export interface RemoveReplicaPlan {
  database: DatabaseState;
  replica: string;
}

export function decideRemoveReplica(database: DatabaseState, step: RemoveReadReplicaStep): Decision<RemoveReplicaPlan> {
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
  return {
    change: true,
    plan: { database, replica: newest.id },
    before,
    after: { ...before, replicas: count - 1, managed: Number(before.managed) - 1, names },
    summary: `remove managed replica ${newest.id} from ${database.id}: ${count} → ${count - 1} (min ${step.min})`,
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
  decide: (database, step) => decideRemoveReplica(database, step),
  applied: (database, plan) => !hasReplica(database, plan.replica),
  execute: (clients, plan) => deleteReplica(clients.rds, plan.replica),
};
