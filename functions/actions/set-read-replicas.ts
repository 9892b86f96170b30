/**
 * setReadReplicas: reach a total replica count (schedules). Adds managed replicas, or
 * removes managed ones newest first; unmanaged replicas are never removed, so a count
 * below them is reported, not forced.
 */
import { kmsKeyMismatch } from './database/encryption';
import { databaseResource, hasReplica, removableNewestFirst, replicaName, replicaSnapshot, type DatabaseState, type NewReplica } from './database/model';
import { createReplicaPermissions, deleteReplicaPermissions } from './database/permissions';
import { planNewReplicas } from './database/placement';
import { readDatabase } from './database/read';
import { retireReplicas } from './database/retire';
import { createReplica } from './database/write';
import { publicationKey } from '../readers/publications';
import type { ReaderPublication } from '../readers/publication';
import type { SetReadReplicasStep } from './steps';
import type { ActionContext, ActionDefinition, Decision } from './types';

export interface ReconcilePlan {
  database: DatabaseState;
  add: NewReplica[];
  remove: string[];
  /** Why the count will not be reached exactly, if it will not. */
  shortfall?: string;
  /** Where the database's readers are published: removed replicas leave them and drain before they are deleted. */
  readers?: ReaderPublication;
}

export function decideReplicaCount(database: DatabaseState, step: SetReadReplicasStep, context: ActionContext): Decision<ReconcilePlan> {
  const before = replicaSnapshot(database);
  const count = database.replicas.length;
  if (count === step.count) {
    return { change: false, reason: `${database.id} already has ${count} replica(s)`, before };
  }
  if (step.count > count) {
    if (database.kind === 'instance' && database.backupRetentionDays === 0) {
      return { change: false, reason: `${database.id} has no automated backups (backup retention 0 days); cannot add read replicas`, before };
    }
    const keyProblem = kmsKeyMismatch(database, step.kmsKey);
    if (keyProblem) return { change: false, reason: keyProblem, before };
    const names = Array.from({ length: step.count - count }, (_, i) => replicaName(database.id, context.stepKey, i + 1));
    const add = planNewReplicas(database, names, step);
    return {
      change: true,
      plan: { database, add, remove: [] },
      before,
      after: { ...before, replicas: step.count, managed: Number(before.managed) + add.length, names: [...database.replicas.map((r) => r.id), ...names] },
      summary: `add ${add.length} replica(s) to ${database.id}: ${count} → ${step.count}`,
    };
  }
  const removable = removableNewestFirst(database);
  const remove = removable.slice(0, count - step.count).map((r) => r.id);
  const unmanaged = database.replicas.filter((r) => !r.managed).length;
  const reached = count - remove.length;
  const shortfall =
    reached > step.count
      ? `count ${step.count} not reached: ${unmanaged} unmanaged replica(s) are never removed${removable.length < database.replicas.length - unmanaged ? ' and some managed ones are still being created' : ''}`
      : undefined;
  if (remove.length === 0) {
    return { change: false, reason: `${database.id} has ${count} replica(s); ${shortfall ?? 'none can be removed'}`, before };
  }
  const names = database.replicas.map((r) => r.id).filter((id) => !remove.includes(id));
  const readers = context.readers?.get(publicationKey(step));
  const drain = readers ? `; they leave the readers of ${readers.target} and are deleted after a ${readers.drainSeconds} s drain` : '';
  return {
    change: true,
    plan: { database, add: [], remove, shortfall, ...(readers ? { readers } : {}) },
    before,
    after: { ...before, replicas: reached, managed: Number(before.managed) - remove.length, names },
    summary: `remove ${remove.length} managed replica(s) from ${database.id}: ${count} → ${reached}${shortfall ? ` (${shortfall})` : ''}${drain}`,
  };
}

export const setReadReplicas: ActionDefinition<'setReadReplicas', DatabaseState, ReconcilePlan> = {
  type: 'setReadReplicas',
  mutates: true,
  example: `- setReadReplicas: { source: app-db, count: 3 }`,
  permissions: (step) => [...createReplicaPermissions(step), ...deleteReplicaPermissions(step)],
  target: (step, region, account) => databaseResource(step, region, account),
  cooldownSeconds: () => 0,
  read: (clients, step) => readDatabase(clients.rds, step),
  decide: decideReplicaCount,
  applied: (database, plan) => plan.add.every((r) => hasReplica(database, r.name)) && plan.remove.every((id) => !hasReplica(database, id)),
  async execute(clients, plan, context) {
    for (const replica of plan.add) await createReplica(clients.rds, plan.database, replica, context.rule, context.now);
    if (plan.remove.length) await retireReplicas(clients, plan.remove, plan.readers, context);
  },
};
