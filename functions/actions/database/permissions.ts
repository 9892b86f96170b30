/** IAM for the replica actions, scoped to the database the step names and the replicas we name. */
import type { IamStatement } from '../types';
import { MANAGED_TAG } from '../tags';
import type { DatabaseTarget } from './model';

const rdsArn = (kind: 'db' | 'cluster', id: string) => `arn:aws:rds:{region}:{account}:${kind}:${id}`;

/** Replicas we create are named `<source>-ap-…` (see replicaName). */
const ourReplicas = (target: DatabaseTarget) => rdsArn('db', `${target.source ?? target.cluster}-ap-*`);

export const describeDatabases: IamStatement = {
  actions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'rds:ListTagsForResource'],
  resources: ['*'],
};

export function createReplicaPermissions(target: DatabaseTarget): IamStatement[] {
  const create: IamStatement = target.cluster
    ? { actions: ['rds:CreateDBInstance'], resources: [ourReplicas(target), rdsArn('cluster', target.cluster)] }
    : { actions: ['rds:CreateDBInstanceReadReplica'], resources: [ourReplicas(target), rdsArn('db', target.source ?? '')] };
  return [describeDatabases, create, { actions: ['rds:AddTagsToResource'], resources: [ourReplicas(target)] }];
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
