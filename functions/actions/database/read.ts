/** Reads a database's replica state from RDS (the only SDK reads the replica actions make). */
import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBInstances,
  type DBInstance,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { ResourceNotFoundError } from '../../aws/errors';
import { CREATED_TAG, DRAINING_TAG, isManaged, tagValue } from '../tags';
import { isAuroraAutoScalingReader, type DatabaseState, type DatabaseTarget, type DrainingReplica, type Replica, type ReplicaSettings } from './model';

/** Replication states in which a replica serves stale data or none (StatusInfos, StatusType "read replication"). */
const NOT_REPLICATING = new Set(['error', 'stopped', 'terminated']);

/** Why the replica is not replicating, if RDS says so; no StatusInfos (the emulator gives none) means it is. */
function replicationProblem(instance: DBInstance): string | undefined {
  const info = (instance.StatusInfos ?? []).find((i) => i.StatusType === 'read replication' && NOT_REPLICATING.has(i.Status ?? ''));
  return info ? `read replication ${info.Status}${info.Message ? `: ${info.Message}` : ''}` : undefined;
}

function toReplica(instance: DBInstance): Replica {
  const id = instance.DBInstanceIdentifier ?? '';
  const autoScaled = isAuroraAutoScalingReader(id);
  return {
    id,
    status: instance.DBInstanceStatus ?? 'unknown',
    createdAt: tagValue(instance.TagList, CREATED_TAG) ?? instance.InstanceCreateTime?.toISOString(),
    managed: !autoScaled && isManaged(instance.TagList),
    autoScaled,
    availabilityZone: instance.AvailabilityZone,
    ...(instance.Endpoint?.Address ? { endpoint: `${instance.Endpoint.Address}:${instance.Endpoint.Port ?? ''}`.replace(/:$/, ''), address: instance.Endpoint.Address } : {}),
    ...(replicationProblem(instance) ? { replicationProblem: replicationProblem(instance) } : {}),
  };
}

const drainingUntil = (instance: DBInstance) => (isManaged(instance.TagList) ? tagValue(instance.TagList, DRAINING_TAG) : undefined);

/** Replicas that count, and managed ones that have left the reader endpoint and wait to be deleted. */
function sortReplicas(instances: DBInstance[]): { replicas: Replica[]; draining: DrainingReplica[] } {
  const draining = instances.flatMap((i) => {
    const until = drainingUntil(i);
    return until ? [{ id: i.DBInstanceIdentifier ?? '', until }] : [];
  });
  return { replicas: instances.filter((i) => !drainingUntil(i)).map(toReplica), draining };
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Storage types whose IOPS must be given with the storage type; gp3's are derived from its size. */
const PROVISIONED_IOPS = new Set(['io1', 'io2']);

/** The Availability Zones of the instance's subnet group, sorted, and the zones it runs in. */
function placementOf(instance: DBInstance): Pick<ReplicaSettings, 'availabilityZones' | 'occupiedZones'> {
  const zones = (instance.DBSubnetGroup?.Subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name).filter(present);
  return {
    availabilityZones: [...new Set(zones)].sort(),
    occupiedZones: [instance.AvailabilityZone, instance.MultiAZ ? instance.SecondaryAvailabilityZone : undefined].filter(present),
  };
}

/** What a read replica of this source instance must be given explicitly to be like it. */
function sourceSettings(instance: DBInstance): ReplicaSettings {
  const storageType = instance.StorageType;
  return {
    securityGroups: (instance.VpcSecurityGroups ?? [])
      .filter((g) => g.Status !== 'removing')
      .map((g) => g.VpcSecurityGroupId)
      .filter(present),
    subnetGroup: instance.DBSubnetGroup?.DBSubnetGroupName,
    parameterGroup: instance.DBParameterGroups?.[0]?.DBParameterGroupName,
    optionGroup: instance.OptionGroupMemberships?.[0]?.OptionGroupName,
    storageType,
    iops: storageType && PROVISIONED_IOPS.has(storageType) ? instance.Iops : undefined,
    kmsKeyId: instance.StorageEncrypted ? instance.KmsKeyId : undefined,
    ...placementOf(instance),
  };
}

/** What an Aurora reader takes from the writer; network, storage and key are the cluster's. */
function writerSettings(writer: DBInstance | undefined): ReplicaSettings {
  return {
    securityGroups: [],
    parameterGroup: writer?.DBParameterGroups?.[0]?.DBParameterGroupName,
    ...(writer ? placementOf(writer) : { availabilityZones: [], occupiedZones: [] }),
  };
}

async function describeInstance(rds: RDSClient, id: string): Promise<DBInstance> {
  try {
    const found = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    const instance = found.DBInstances?.[0];
    if (instance) return instance;
  } catch (err) {
    if (!(err instanceof DBInstanceNotFoundFault || (err as Error).name === 'DBInstanceNotFound')) throw err;
  }
  throw new ResourceNotFoundError(`RDS instance "${id}" not found`);
}

/** Instances on their way out no longer count as replicas. */
const GONE = new Set(['deleting', 'deleted']);

async function instancesWhere(rds: RDSClient, keep: (i: DBInstance) => boolean): Promise<DBInstance[]> {
  const kept: DBInstance[] = [];
  for await (const page of paginateDescribeDBInstances({ client: rds }, {})) {
    kept.push(...(page.DBInstances ?? []).filter((i) => keep(i) && !GONE.has(i.DBInstanceStatus ?? '')));
  }
  return kept;
}

async function readSource(rds: RDSClient, source: string): Promise<DatabaseState> {
  const instance = await describeInstance(rds, source);
  const replicas = await instancesWhere(rds, (i) => i.ReadReplicaSourceDBInstanceIdentifier === source);
  return {
    kind: 'instance',
    id: source,
    arn: instance.DBInstanceArn,
    engine: instance.Engine ?? 'unknown',
    instanceClass: instance.DBInstanceClass,
    backupRetentionDays: instance.BackupRetentionPeriod ?? 0,
    status: instance.DBInstanceStatus ?? 'unknown',
    ...sortReplicas(replicas),
    ...(instance.Endpoint?.Address ? { address: instance.Endpoint.Address } : {}),
    settings: sourceSettings(instance),
  };
}

async function readCluster(rds: RDSClient, clusterId: string): Promise<DatabaseState> {
  let cluster;
  try {
    cluster = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))).DBClusters?.[0];
  } catch (err) {
    if (!(err instanceof DBClusterNotFoundFault || (err as Error).name === 'DBClusterNotFoundFault')) throw err;
  }
  if (!cluster) throw new ResourceNotFoundError(`Aurora cluster "${clusterId}" not found`);
  const writer = cluster.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
  const members = await instancesWhere(rds, (i) => i.DBClusterIdentifier === clusterId);
  const writerInstance = members.find((m) => m.DBInstanceIdentifier === writer);
  return {
    kind: 'cluster',
    id: clusterId,
    arn: cluster.DBClusterArn,
    engine: cluster.Engine ?? 'unknown',
    instanceClass: writerInstance?.DBInstanceClass,
    backupRetentionDays: cluster.BackupRetentionPeriod ?? 0,
    status: cluster.Status ?? 'unknown',
    writer,
    ...sortReplicas(members.filter((m) => m.DBInstanceIdentifier !== writer)),
    ...(cluster.Endpoint ? { address: cluster.Endpoint } : {}),
    ...(cluster.ReaderEndpoint ? { readerEndpoint: cluster.ReaderEndpoint } : {}),
    settings: writerSettings(writerInstance),
  };
}

export function readDatabase(rds: RDSClient, target: DatabaseTarget): Promise<DatabaseState> {
  return target.cluster ? readCluster(rds, target.cluster) : readSource(rds, target.source ?? '');
}
