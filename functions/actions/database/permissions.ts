/**
 * IAM for the replica actions, scoped to the database the step names and the replicas we name.
 * Resource types per action are the Service Authorization Reference's for Amazon RDS (see the
 * README, "IAM"): CreateDBInstanceReadReplica requires db, og, pg and subgrp; CreateDBInstance
 * requires db and checks cluster, pg, og, subgrp only when the request names them.
 */
import type { IamStatement } from '../types';
import { MANAGED_TAG } from '../tags';
import type { DatabaseTarget } from './model';

type RdsResourceType = 'db' | 'cluster' | 'og' | 'pg' | 'subgrp';

const rdsArn = (kind: RdsResourceType, id: string) => `arn:aws:rds:{region}:{account}:${kind}:${id}`;

/**
 * Option, parameter and subnet groups of this account and region: a replica takes its source's,
 * which are read at run time and may change without a deploy, so their names cannot be pinned
 * here. Attaching a group to a new instance changes nothing in the group.
 */
const sourceGroups = (['og', 'pg', 'subgrp'] as const).map((kind) => rdsArn(kind, '*'));

/** Replicas we create are named `<source>-ap-…` (see replicaName). */
const ourReplicas = (target: DatabaseTarget) => rdsArn('db', `${target.source ?? target.cluster}-ap-*`);

/** Listing every instance finds a source's replicas; the tags come with DescribeDBInstances. */
export const describeDatabases: IamStatement = {
  actions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  resources: ['*'],
};

/**
 * RDS creates the grant on the source's key with the caller's permissions; only through RDS,
 * and only on the key the step names (a customer managed key; aws/rds needs no IAM grant).
 */
function kmsPermissions(kmsKey: string): IamStatement {
  return {
    actions: ['kms:CreateGrant', 'kms:DescribeKey'],
    resources: [kmsKey],
    condition: { StringEquals: { 'kms:ViaService': 'rds.{region}.amazonaws.com' } },
  };
}

export function createReplicaPermissions(target: DatabaseTarget & { kmsKey?: string }): IamStatement[] {
  // A reader names only its parameter group; it joins the cluster's network.
  const create: IamStatement = target.cluster
    ? { actions: ['rds:CreateDBInstance'], resources: [ourReplicas(target), rdsArn('cluster', target.cluster), rdsArn('pg', '*')] }
    : { actions: ['rds:CreateDBInstanceReadReplica'], resources: [ourReplicas(target), rdsArn('db', target.source ?? ''), ...sourceGroups] };
  return [
    describeDatabases,
    create,
    // Tags in a create request are authorized as AddTagsToResource on the new instance.
    { actions: ['rds:AddTagsToResource'], resources: [ourReplicas(target)] },
    ...(target.kmsKey ? [kmsPermissions(target.kmsKey)] : []),
  ];
}

export function deleteReplicaPermissions(target: DatabaseTarget): IamStatement[] {
  return [
    describeDatabases,
    {
      actions: ['rds:DeleteDBInstance'],
      resources: [ourReplicas(target)],
      condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG}`]: 'true' } },
    },
  ];
}
