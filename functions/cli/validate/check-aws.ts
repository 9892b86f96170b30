/**
 * `validate --check-aws`: whether each resource the policy names exists, with read-only calls
 * (DescribeAutoScalingGroups, DescribeDBInstances, DescribeDBClusters). "Not found" is an
 * answer; any other failure means AWS could not be asked, which has its own exit code.
 */
import { paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import type { AwsClients } from '../../aws/clients';
import { describeError } from '../../aws/errors';
import { AwsUnavailableError } from '../errors';
import type { NamedResource } from './named-resources';

export interface ResourceCheck extends NamedResource {
  exists: boolean;
}

/** RDS answers a missing instance with DBInstanceNotFound(Fault) and a missing cluster with DBClusterNotFoundFault. */
function isNotFound(err: unknown): boolean {
  return err instanceof Error && /NotFound/.test(err.name);
}

/** A read whose failure means AWS could not be asked: exit 3, not a finding. */
export async function ask<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new AwsUnavailableError(`cannot check ${what} in AWS: ${describeError(err)}`, { cause: err });
  }
}

async function existingGroups(clients: AwsClients, names: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (!names.length) return found;
  for await (const page of paginateDescribeAutoScalingGroups({ client: clients.autoScaling }, { AutoScalingGroupNames: names })) {
    for (const group of page.AutoScalingGroups ?? []) if (group.AutoScalingGroupName) found.add(group.AutoScalingGroupName);
  }
  return found;
}

async function rdsExists(clients: AwsClients, resource: NamedResource): Promise<boolean> {
  try {
    if (resource.type === 'rds-cluster') {
      const { DBClusters } = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: resource.id }));
      return Boolean(DBClusters?.length);
    }
    const { DBInstances } = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: resource.id }));
    return Boolean(DBInstances?.length);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** @throws AwsUnavailableError when a read fails for any reason but "not found" */
export async function checkResources(resources: NamedResource[], clients: AwsClients): Promise<ResourceCheck[]> {
  const groupNames = resources.filter((r) => r.type === 'auto-scaling-group').map((r) => r.id);
  const groups = await ask('the Auto Scaling groups', () => existingGroups(clients, groupNames));
  const checks: ResourceCheck[] = [];
  for (const resource of resources) {
    switch (resource.type) {
      case 'auto-scaling-group':
        checks.push({ ...resource, exists: groups.has(resource.id) });
        break;
      case 'rds-instance':
      case 'rds-cluster':
        checks.push({ ...resource, exists: await ask(`${resource.type} ${resource.id}`, () => rdsExists(clients, resource)) });
        break;
      default:
        // Reachable only once an action gains a new kind of target: this check must learn to read it.
        throw new Error(`validate --check-aws cannot check a ${resource.type} yet`);
    }
  }
  return checks;
}
