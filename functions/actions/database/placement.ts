/**
 * Where new replicas go and what they carry. Pure: the decide functions call it with the
 * state they read, so the plan — and the alert that reports it — names every choice.
 */
import type { DatabaseState, NewReplica } from './model';

/** What a step may set instead of the source's values. */
export interface ReplicaOverrides {
  instanceClass?: string;
  securityGroups?: string[];
}

/**
 * The subnet group's Availability Zone with the fewest instances of this database (source,
 * standby, replicas, and the replicas already planned), so losing one zone takes as few
 * readers as possible. Ties go to the first zone in name order: the same state always gives
 * the same zone. Undefined when the subnet group's zones are unknown: RDS then chooses.
 */
export function leastUsedZone(database: DatabaseState, planned: readonly (string | undefined)[] = []): string | undefined {
  const zones = [...database.settings.availabilityZones].sort();
  if (zones.length === 0) return undefined;
  const load = new Map(zones.map((zone) => [zone, 0]));
  const used = [...database.settings.occupiedZones, ...database.replicas.map((r) => r.availabilityZone), ...planned];
  for (const zone of used) {
    const count = zone === undefined ? undefined : load.get(zone);
    if (zone !== undefined && count !== undefined) load.set(zone, count + 1);
  }
  return zones.reduce((best, zone) => ((load.get(zone) ?? 0) < (load.get(best) ?? 0) ? zone : best));
}

/** One replica to create, placed beside the ones already planned. */
export function planNewReplica(database: DatabaseState, name: string, overrides: ReplicaOverrides, planned: readonly NewReplica[] = []): NewReplica {
  return {
    name,
    instanceClass: overrides.instanceClass ?? database.instanceClass,
    availabilityZone: leastUsedZone(
      database,
      planned.map((r) => r.availabilityZone),
    ),
    securityGroups: database.kind === 'cluster' ? [] : (overrides.securityGroups ?? database.settings.securityGroups),
  };
}

/** The replicas to create under these names, each placed after the ones before it. */
export function planNewReplicas(database: DatabaseState, names: string[], overrides: ReplicaOverrides): NewReplica[] {
  return names.reduce<NewReplica[]>((planned, name) => [...planned, planNewReplica(database, name, overrides, planned)], []);
}
