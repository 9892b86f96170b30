/**
 * What the replica actions know about a database: a plain RDS source instance with its read
 * replicas, or an Aurora cluster with its writer and readers. Pure: no SDK here.
 */
import { createHash } from 'node:crypto';
import type { ResourceRef, StateSnapshot } from '../../model/vocabulary';

export interface Replica {
  id: string;
  status: string;
  /** ISO time; replicas still being created may have none yet. */
  createdAt?: string;
  /** Created by ops-autopilot (its tag), and so ours to remove. */
  managed: boolean;
  /** An Aurora reader that Aurora Auto Scaling added: counted, never ours to remove. */
  autoScaled: boolean;
  availabilityZone?: string;
  /** Where applications connect, once RDS has given it an address: `host:port`. */
  endpoint?: string;
  /** The endpoint's host name alone: what a reader record or the readers parameter lists. */
  address?: string;
  /** RDS says replication from the source has failed or stopped (StatusInfos "read replication"). */
  replicationProblem?: string;
}

/** A managed replica that has left the reader endpoint and waits out its drain before it is deleted. */
export interface DrainingReplica {
  id: string;
  /** ISO time: the drain ends and the replica may be deleted (its `ops-autopilot:draining` tag). */
  until: string;
}

/**
 * What a new replica takes from its source (or an Aurora reader from the writer), passed
 * explicitly: AWS attaches the VPC's default security group to a replica created without
 * VpcSecurityGroupIds, so the application tier could not reach it.
 */
export interface ReplicaSettings {
  /** VPC security group ids; empty for Aurora, whose readers use the cluster's. */
  securityGroups: string[];
  subnetGroup?: string;
  /** The subnet group's Availability Zones, sorted: where replicas may be placed. */
  availabilityZones: string[];
  parameterGroup?: string;
  optionGroup?: string;
  storageType?: string;
  /** Provisioned IOPS, for the storage types that require them (io1, io2). */
  iops?: number;
  /** The KMS key of an encrypted source; a same-region replica is encrypted with it by RDS. */
  kmsKeyId?: string;
  /** Where the source (or the writer) runs: its AZ, and its standby's for Multi-AZ. */
  occupiedZones: string[];
}

export interface DatabaseState {
  kind: 'instance' | 'cluster';
  /** The source instance or the cluster. */
  id: string;
  arn?: string;
  engine: string;
  /** The source's class, or the writer's: the default for new replicas. */
  instanceClass?: string;
  /** Plain RDS needs automated backups (retention > 0) on the source to create a replica. */
  backupRetentionDays: number;
  status: string;
  /** Aurora only: the current writer instance. */
  writer?: string;
  /** Read replicas of the source, or reader instances of the cluster; draining ones no longer count. */
  replicas: Replica[];
  /** Replicas on their way out: out of the reader endpoint, deleted once their drain has passed. */
  draining?: DrainingReplica[];
  /** The source's (or the cluster's writer endpoint's) host name: the reader endpoint's fallback. */
  address?: string;
  /** Aurora only: the cluster's own reader endpoint, which spreads connections over its readers. */
  readerEndpoint?: string;
  settings: ReplicaSettings;
}

export interface DatabaseTarget {
  source?: string;
  cluster?: string;
}

export function databaseResource(target: DatabaseTarget, region: string, account?: string): ResourceRef {
  if (target.cluster) {
    return { type: 'rds-cluster', id: target.cluster, arn: account ? `arn:aws:rds:${region}:${account}:cluster:${target.cluster}` : undefined };
  }
  const id = target.source ?? '';
  return { type: 'rds-instance', id, arn: account ? `arn:aws:rds:${region}:${account}:db:${id}` : undefined };
}

/** The step target that reads this database again. */
export function targetOf(state: DatabaseState): DatabaseTarget {
  return state.kind === 'cluster' ? { cluster: state.id } : { source: state.id };
}

/** Aurora Auto Scaling names the readers it adds `application-autoscaling-<uuid>`. */
export const AURORA_AUTO_SCALING_PREFIX = 'application-autoscaling-';

export function isAuroraAutoScalingReader(id: string): boolean {
  return id.startsWith(AURORA_AUTO_SCALING_PREFIX);
}

export function replicaSnapshot(state: DatabaseState): StateSnapshot {
  const managed = state.replicas.filter((r) => r.managed);
  const autoScaled = state.replicas.filter((r) => r.autoScaled).length;
  return {
    replicas: state.replicas.length,
    managed: managed.length,
    unmanaged: state.replicas.length - managed.length,
    names: state.replicas.map((r) => r.id),
    ...(autoScaled ? { autoScaled } : {}),
    ...(state.writer ? { writer: state.writer } : {}),
  };
}

/** Whether the database counts this replica (instances being deleted no longer count). */
export function hasReplica(state: DatabaseState, id: string): boolean {
  return state.replicas.some((r) => r.id === id);
}

/** A replica still being created: adding another now would overshoot once both are up. */
export function replicaBeingCreated(state: DatabaseState): Replica | undefined {
  return state.replicas.find((r) => r.status === 'creating');
}

/** Managed replicas that can be deleted now, newest first. */
export function removableNewestFirst(state: DatabaseState): Replica[] {
  return state.replicas
    .filter((r) => r.managed && !r.autoScaled && r.status === 'available' && r.id !== state.writer)
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.id.localeCompare(a.id));
}

/**
 * A predictable replica name: `<source>-ap-<6 hex of the step identity>[-n]`. The same
 * trigger always names the same replica, so a retry after a half-finished create finds it
 * instead of adding a second one. RDS identifiers: ≤ 63 chars, letters, digits, single dashes.
 */
export function replicaName(base: string, stepKey: string, ordinal = 0): string {
  const hash = createHash('sha256').update(stepKey).digest('hex').slice(0, 6);
  const suffix = `-ap-${hash}${ordinal ? `-${ordinal}` : ''}`;
  const stem = base.slice(0, 63 - suffix.length).replace(/-+$/, '');
  return `${stem}${suffix}`;
}

/** A replica to create, fully decided: what the create request carries beyond the source's settings. */
export interface NewReplica {
  name: string;
  instanceClass?: string;
  availabilityZone?: string;
  /** Plain RDS only: the step's security groups, else the source's. */
  securityGroups: string[];
}
