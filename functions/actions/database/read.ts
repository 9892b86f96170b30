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
import { CREATED_TAG, isManaged, tagValue } from '../tags';
import type { DatabaseState, DatabaseTarget, Replica } from './model';

function toReplica(instance: DBInstance): Replica {
  return {
    id: instance.DBInstanceIdentifier ?? '',
    status: instance.DBInstanceStatus ?? 'unknown',
    createdAt: tagValue(instance.TagList, CREATED_TAG) ?? instance.InstanceCreateTime?.toISOString(),
    managed: isManaged(instance.TagList),
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
    replicas: replicas.map(toReplica),
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
    replicas: members.filter((m) => m.DBInstanceIdentifier !== writer).map(toReplica),
  };
}

export function readDatabase(rds: RDSClient, target: DatabaseTarget): Promise<DatabaseState> {
  return target.cluster ? readCluster(rds, target.cluster) : readSource(rds, target.source ?? '');
}
