/**
 * Facts read from AWS to enrich an RDS alert: what the database looks like now (new writer,
 * status, replicas). Best effort: an alert goes out even when these reads fail.
 */
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { describeError } from '../aws/errors';
import type { RdsEventSignal } from '../signals/types';

export type Details = Record<string, string | number | boolean>;

async function instanceFacts(rds: RDSClient, id: string): Promise<Details> {
  const instance = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
  if (!instance) return {};
  const facts: Details = { status: instance.DBInstanceStatus ?? 'unknown', multiAZ: instance.MultiAZ ?? false };
  if (instance.AvailabilityZone) facts.availabilityZone = instance.AvailabilityZone;
  if (instance.SecondaryAvailabilityZone) facts.secondaryAvailabilityZone = instance.SecondaryAvailabilityZone;
  if (instance.ReadReplicaDBInstanceIdentifiers?.length) facts.replicas = instance.ReadReplicaDBInstanceIdentifiers.join(', ');
  if (instance.ReadReplicaSourceDBInstanceIdentifier) facts.replicaOf = instance.ReadReplicaSourceDBInstanceIdentifier;
  if (instance.DBClusterIdentifier) facts.cluster = instance.DBClusterIdentifier;
  return facts;
}

async function clusterFacts(rds: RDSClient, id: string): Promise<Details> {
  const cluster = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0];
  if (!cluster) return {};
  const members = cluster.DBClusterMembers ?? [];
  const facts: Details = { status: cluster.Status ?? 'unknown' };
  const writer = members.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
  if (writer) facts.writer = writer;
  const readers = members.filter((m) => !m.IsClusterWriter).map((m) => m.DBInstanceIdentifier ?? '');
  facts.readers = readers.length ? readers.join(', ') : 'none';
  return facts;
}

export async function enrichRdsEvent(rds: RDSClient, signal: RdsEventSignal): Promise<Details> {
  try {
    return signal.sourceType === 'db-cluster' ? await clusterFacts(rds, signal.sourceId) : await instanceFacts(rds, signal.sourceId);
  } catch (err) {
    return { enrichmentError: describeError(err) };
  }
}
