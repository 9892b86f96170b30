import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { buildSandboxWorld, SANDBOX } from '../../infra/local/sandbox';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { clientConfig, createClients } from '../../functions/aws/clients';

describe('the sandbox world in the embedded AWS', () => {
  const clients = createClients();

  it('is built through the SDK clients the functions use, and building it twice gives the same world', async () => {
    await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/hooks/first' });
    const world = await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/hooks/second' });

    const groups = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [SANDBOX.group] }));
    expect(groups.AutoScalingGroups).toHaveLength(1);
    expect(groups.AutoScalingGroups?.[0]).toMatchObject({ MinSize: 2, DesiredCapacity: 2, MaxSize: 10 });

    const db = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: SANDBOX.instance }));
    expect(db.DBInstances?.[0]?.BackupRetentionPeriod).toBeGreaterThan(0);

    const cluster = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: SANDBOX.cluster }));
    expect(cluster.DBClusters?.[0]?.DBClusterMembers).toEqual([
      expect.objectContaining({ DBInstanceIdentifier: SANDBOX.clusterWriter, IsClusterWriter: true }),
    ]);

    const alarms = await new CloudWatchClient(clientConfig()).send(new DescribeAlarmsCommand({ AlarmNames: [...SANDBOX.alarms] }));
    expect(alarms.MetricAlarms?.map((a) => a.AlarmName).sort()).toEqual([...SANDBOX.alarms].sort());

    const webhook = await clients.ssm.send(new GetParameterCommand({ Name: world.slackParameter, WithDecryption: true }));
    expect(webhook.Parameter).toMatchObject({ Type: 'SecureString', Value: 'http://127.0.0.1:9/hooks/second' });
  });

  it('reaches the emulator through AWS_ENDPOINT_URL with the deliberate retry setting', async () => {
    expect(process.env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await clients.rds.config.maxAttempts()).toBe(2);
  });
});
