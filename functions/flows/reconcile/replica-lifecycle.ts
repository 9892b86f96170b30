/**
 * Replicas ops-autopilot asked for, followed until they serve: one alert when a managed
 * replica becomes available (with its address and how long it took), one critical alert when
 * it fails or is still being created after an hour. Each is a unit of its own in the ledger,
 * so it is said once however many reconcile runs see it.
 */
import { actionFor, isMutating } from '../../actions/registry';
import type { DatabaseState, Replica } from '../../actions/database/model';
import { readDatabase } from '../../actions/database/read';
import type { Alert } from '../../model/alert';
import type { ResourceRef, Severity } from '../../model/vocabulary';
import { alertEnvelope } from '../../runner/alerts';
import type { InvocationRequest } from '../../runner/request';

/** Statuses from which a replica will not become available by itself. */
const FAILED = new Set(['failed', 'incompatible-parameters', 'incompatible-network', 'incompatible-restore', 'incompatible-option-group', 'storage-full', 'inaccessible-encryption-credentials', 'restore-error']);
export const CREATION_DEADLINE_SECONDS = 3_600;

/**
 * The databases whose replicas the policy changes, their targets resolved; a step whose
 * database is named by its alarm (`fromAlarm`) has none to follow until one triggers it.
 */
export async function replicaTargets(request: InvocationRequest): Promise<ResourceRef[]> {
  const found = new Map<string, ResourceRef>();
  for (const { do: steps } of [...request.policy.rules, ...request.policy.schedules]) {
    for (const step of steps) {
      if (!isMutating(step) || step.type === 'scaleAutoScalingGroup' || step.type === 'setCapacity') continue;
      const resolution = await request.resolver.resolve(step);
      if (!resolution.ok || !isMutating(resolution.step)) continue;
      const { resource } = actionFor(resolution.step, request.region);
      found.set(`${resource.type}/${resource.id}`, resource);
    }
  }
  return [...found.values()];
}

export interface LifecycleEvent {
  unit: 'available' | 'failed' | 'stuck';
  replica: Replica;
  database: DatabaseState;
  seconds: number;
}

/** What a database's managed replicas say now that deserves one alert each. Pure. */
export function lifecycleEvents(database: DatabaseState, now: Date): LifecycleEvent[] {
  return database.replicas.flatMap((replica): LifecycleEvent[] => {
    if (!replica.managed) return [];
    const seconds = replica.createdAt ? Math.max(0, Math.round((now.getTime() - Date.parse(replica.createdAt)) / 1000)) : 0;
    if (replica.status === 'available') return [{ unit: 'available', replica, database, seconds }];
    if (FAILED.has(replica.status)) return [{ unit: 'failed', replica, database, seconds }];
    if (replica.status === 'creating' && seconds > CREATION_DEADLINE_SECONDS) return [{ unit: 'stuck', replica, database, seconds }];
    return [];
  });
}

const SEVERITY: Record<LifecycleEvent['unit'], Severity> = { available: 'info', failed: 'critical', stuck: 'critical' };

export function lifecycleAlert({ unit, replica, database, seconds }: LifecycleEvent, region: string, now: Date): Alert {
  const what = database.kind === 'cluster' ? 'reader' : 'read replica';
  const where = replica.endpoint ? ` at ${replica.endpoint}` : '';
  // Applications read from an Aurora cluster through its reader endpoint, which now includes this reader.
  const reader = database.kind === 'cluster' && database.readerEndpoint ? database.readerEndpoint : undefined;
  const through = reader ? `; applications reach it through the cluster's reader endpoint ${reader}` : '';
  const text = {
    available: { title: `Replica ${replica.id} is available`, summary: `The ${what} ${replica.id} of ${database.id} is available${where}, about ${seconds} s after it was requested${through}.` },
    failed: { title: `Replica ${replica.id} failed`, summary: `The ${what} ${replica.id} of ${database.id} is ${replica.status} and will not serve; delete it or fix its settings.` },
    stuck: { title: `Replica ${replica.id} is still being created`, summary: `The ${what} ${replica.id} of ${database.id} has been creating for ${Math.round(seconds / 60)} minutes (over an hour).` },
  }[unit];
  return alertEnvelope(
    {
      id: `replica:${replica.id}#${unit}`,
      kind: 'alert',
      severity: SEVERITY[unit],
      ...text,
      incident: `replica:${replica.id}`,
      resource: { type: 'rds-instance', id: replica.id },
      trigger: { kind: 'reconcile', id: `replica:${replica.id}`, name: 'replica lifecycle', state: replica.status },
      time: now.toISOString(),
      details: { database: database.id, status: replica.status, seconds, ...(replica.endpoint ? { endpoint: replica.endpoint } : {}), ...(reader ? { readerEndpoint: reader } : {}) },
    },
    region,
  );
}

export async function readLifecycle(request: InvocationRequest, target: ResourceRef): Promise<LifecycleEvent[]> {
  const database = await readDatabase(request.clients.rds, target.type === 'rds-cluster' ? { cluster: target.id } : { source: target.id });
  return lifecycleEvents(database, request.now());
}
