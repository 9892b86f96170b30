/** What the integration tests read back from the embedded AWS, directly (never through a fault proxy). */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { createClients } from '../../functions/aws/clients';

const clients = createClients();

/** The desired capacity of a group (the sandbox world's web-asg by default). */
export async function desired(group = 'web-asg'): Promise<number | undefined> {
  const found = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  return found.AutoScalingGroups?.[0]?.DesiredCapacity;
}

/** How many read replicas a source has (the sandbox world's app-db by default). */
export async function replicaCount(source = 'app-db'): Promise<number> {
  const all = await clients.rds.send(new DescribeDBInstancesCommand({}));
  return (all.DBInstances ?? []).filter((i) => i.ReadReplicaSourceDBInstanceIdentifier === source).length;
}
