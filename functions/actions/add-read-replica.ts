/**
 * addReadReplica: one more read replica for a plain RDS instance (`source`), or one more
 * reader instance in an Aurora cluster (`cluster`) — never above `max`, nor the engine's
 * limit, and never while another one is still being created.
 */
import { kmsKeyMismatch } from './database/encryption';
import { databaseResource, hasReplica, replicaBeingCreated, replicaName, replicaSnapshot, type DatabaseState, type NewReplica } from './database/model';
import { createReplicaPermissions } from './database/permissions';
import { planNewReplica } from './database/placement';
import { readDatabase } from './database/read';
import { createReplica } from './database/write';
import { ENGINE_REPLICA_LIMIT } from './database/replica-limit';
import type { AddReadReplicaStep } from './steps';
import type { ActionContext, ActionDefinition, Decision } from './types';

export interface AddReplicaPlan {
  database: DatabaseState;
  replica: NewReplica;
}

export function decideAddReplica(database: DatabaseState, step: AddReadReplicaStep, context: ActionContext): Decision<AddReplicaPlan> {
  const before = replicaSnapshot(database);
  const count = database.replicas.length;
  const max = Math.min(step.max, ENGINE_REPLICA_LIMIT);
  if (database.kind === 'instance' && database.backupRetentionDays === 0) {
    return {
      change: false,
      reason: `${database.id} has no automated backups (backup retention 0 days); RDS creates read replicas only from a source with automated backups`,
      before,
    };
  }
  if (count >= max) {
    return { change: false, reason: `${database.id} already has ${count} replica(s); max is ${max}`, before };
  }
  const keyProblem = kmsKeyMismatch(database, step.kmsKey);
  if (keyProblem) return { change: false, reason: keyProblem, before };
  const pending = replicaBeingCreated(database);
  if (pending) {
    return { change: false, reason: `replica ${pending.id} of ${database.id} is still being created; waiting for it first`, before };
  }
  const replica: NewReplica = planNewReplica(database, replicaName(database.id, context.stepKey), step);
  const after = { ...before, replicas: count + 1, managed: Number(before.managed) + 1, names: [...database.replicas.map((r) => r.id), replica.name] };
  return {
    change: true,
    plan: { database, replica },
    before,
    after,
    summary: `add ${database.kind === 'cluster' ? 'reader' : 'read replica'} ${replica.name} (${replica.instanceClass ?? 'default class'}${replica.availabilityZone ? ` in ${replica.availabilityZone}` : ''}) to ${database.id}: ${count} → ${count + 1} of max ${max}`,
  };
}

export const addReadReplica: ActionDefinition<'addReadReplica', DatabaseState, AddReplicaPlan> = {
  type: 'addReadReplica',
  mutates: true,
  example: `- addReadReplica: { source: app-db, max: 4, cooldown: 900 }`,
  permissions: (step) => createReplicaPermissions(step),
  target: (step, region, account) => databaseResource(step, region, account),
  cooldownSeconds: (step) => step.cooldown,
  read: (clients, step) => readDatabase(clients.rds, step),
  decide: decideAddReplica,
  applied: (database, plan) => hasReplica(database, plan.replica.name),
  execute: (clients, plan, context) => createReplica(clients.rds, plan.database, plan.replica, context.rule, context.now),
};
