/**
 * A replica serves traffic only if it is like its source: same VPC security groups, subnet
 * group, parameter and option groups, storage. The emulator copies the whole source into a
 * replica whatever the request says, so these tests assert the requests, as the fault proxy
 * saw them, against a source whose every setting differs from the defaults.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  CreateDBSubnetGroupCommand,
  CreateOptionGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { clientConfig, createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { scaleOnSchedule } from '../../functions/flows/scheduled-scaling';
import { alarmStateChange } from '../support/alarm-events';
import { startFaultProxy, type FaultProxy } from '../../infra/local/fault-proxy';
import { setUpWorld, type TestWorld } from '../support/world';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211';
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

interface Network {
  securityGroup: string;
  appSecurityGroup: string;
}

/** A VPC with a subnet in each of three zones, the database's security group and the app tier's. */
async function buildNetwork(ec2: EC2Client, rds: RDSClient): Promise<Network> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = Vpc?.VpcId ?? '';
  const subnets: string[] = [];
  for (const [i, zone] of ZONES.entries()) {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: zone }));
    subnets.push(Subnet?.SubnetId ?? '');
  }
  const group = (name: string) => ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }));
  const securityGroup = (await group('shop-db')).GroupId ?? '';
  const appSecurityGroup = (await group('shop-db-reporting')).GroupId ?? '';
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'shop-db-subnets', DBSubnetGroupDescription: 'shop', SubnetIds: subnets }));
  return { securityGroup, appSecurityGroup };
}

/** An encrypted Multi-AZ MySQL source on provisioned IOPS with its own groups, its primary in us-east-1a. */
async function buildSource(rds: RDSClient, network: Network): Promise<void> {
  await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'shop-db-mysql80', DBParameterGroupFamily: 'mysql8.0', Description: 'shop' }));
  await rds.send(new CreateOptionGroupCommand({ OptionGroupName: 'shop-db-options', EngineName: 'mysql', MajorEngineVersion: '8.0', OptionGroupDescription: 'shop' }));
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'shop-db',
      Engine: 'mysql',
      EngineVersion: '8.0.39',
      DBInstanceClass: 'db.m6g.large',
      AllocatedStorage: 200,
      StorageType: 'io1',
      Iops: 4000,
      StorageEncrypted: true,
      KmsKeyId: KEY,
      MasterUsername: 'admin',
      MasterUserPassword: 'shop-password-1',
      BackupRetentionPeriod: 7,
      MultiAZ: true,
      AvailabilityZone: 'us-east-1a',
      DBSubnetGroupName: 'shop-db-subnets',
      VpcSecurityGroupIds: [network.securityGroup],
      DBParameterGroupName: 'shop-db-mysql80',
      OptionGroupName: 'shop-db-options',
    }),
  );
}

/** An Aurora cluster whose writer has its own parameter group and runs in us-east-1a. */
async function buildCluster(rds: RDSClient): Promise<void> {
  await rds.send(
    new CreateDBParameterGroupCommand({ DBParameterGroupName: 'shop-aurora-instances', DBParameterGroupFamily: 'aurora-mysql8.0', Description: 'shop' }),
  );
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'shop-aurora',
      Engine: 'aurora-mysql',
      MasterUsername: 'admin',
      MasterUserPassword: 'shop-password-1',
      BackupRetentionPeriod: 1,
      DBSubnetGroupName: 'shop-db-subnets',
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'shop-aurora-writer',
      DBClusterIdentifier: 'shop-aurora',
      Engine: 'aurora-mysql',
      DBInstanceClass: 'db.r6g.xlarge',
      DBParameterGroupName: 'shop-aurora-instances',
      DBSubnetGroupName: 'shop-db-subnets',
      AvailabilityZone: 'us-east-1a',
    }),
  );
}

const addReader = (name: string, step: object) => ({ name, on: { alarm: 'shop-db-reads' }, do: [{ addReadReplica: { cooldown: 0, ...step } }] });

describe('replica requests carry the source settings', () => {
  let world: TestWorld;
  let proxy: FaultProxy;
  let network: Network;
  beforeAll(async () => {
    world = await setUpWorld();
    const config = clientConfig();
    const rds = new RDSClient(config);
    network = await buildNetwork(new EC2Client(config), rds);
    await buildSource(rds, network);
    await buildCluster(rds);
    proxy = await startFaultProxy(process.env.AWS_ENDPOINT_URL ?? '');
  });
  afterAll(() => proxy.close());
  beforeEach(() => proxy.clear());
  afterEach(() => world.readAlerts());

  const throughProxy = (policy: object) => ({ ...world.runtime(policy), clients: createClients({ endpoint: proxy.url }) });
  let minute = 0;
  const nextAlarm = () => alarmStateChange('shop-db-reads', 'ALARM', new Date(Date.parse('2026-11-24T09:00:00Z') + 60_000 * minute++));

  it("passes the source's security group, subnet group, parameter and option groups and storage, in a zone the source does not use", async () => {
    const summary = await remediateAlarms(nextAlarm(), throughProxy({ version: 1, rules: [addReader('shop-add', { source: 'shop-db', kmsKey: KEY })] }));

    expect(summary.steps[0]).toMatchObject({ outcome: 'done' });
    const [request, ...more] = proxy.requests('CreateDBInstanceReadReplica');
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      DBInstanceIdentifier: expect.stringMatching(/^shop-db-ap-[0-9a-f]{6}$/),
      SourceDBInstanceIdentifier: 'shop-db',
      DBInstanceClass: 'db.m6g.large',
      'VpcSecurityGroupIds.VpcSecurityGroupId.1': network.securityGroup,
      DBSubnetGroupName: 'shop-db-subnets',
      DBParameterGroupName: 'shop-db-mysql80',
      OptionGroupName: 'shop-db-options',
      StorageType: 'io1',
      Iops: '4000',
      AvailabilityZone: 'us-east-1b',
      MultiAZ: 'false',
    });
    expect(Object.keys(request ?? {}).filter((k) => k.startsWith('VpcSecurityGroupIds.'))).toHaveLength(1);
    // RDS encrypts a same-region replica with the source's key and refuses a KmsKeyId.
    expect(request).not.toHaveProperty('KmsKeyId');
  });

  it('places the next replica in the zone left; the same event again creates nothing', async () => {
    const runtime = throughProxy({ version: 1, rules: [addReader('shop-add', { source: 'shop-db' })] });
    const event = nextAlarm();

    await remediateAlarms(event, runtime);
    await remediateAlarms(event, runtime);

    expect(proxy.requests('CreateDBInstanceReadReplica').map((r) => r.AvailabilityZone)).toEqual(['us-east-1c']);
  });

  it("refuses a kmsKey that is not the source's key, naming the source's key", async () => {
    const summary = await remediateAlarms(nextAlarm(), throughProxy({ version: 1, rules: [addReader('shop-add', { source: 'shop-db', kmsKey: OTHER_KEY })] }));

    expect(summary.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining(`encrypted with KMS key ${KEY}, but the step's kmsKey is ${OTHER_KEY}`) });
    expect(proxy.seen.get('CreateDBInstanceReadReplica')).toBeUndefined();
  });

  it('passes the step overrides of a schedule to every replica it adds, spread over the zones', async () => {
    const policy = {
      version: 1,
      schedules: [
        {
          name: 'shop-peak',
          cron: '0 8 * * ? *',
          do: [{ setReadReplicas: { source: 'shop-db', count: 4, instanceClass: 'db.r6g.2xlarge', securityGroups: [network.appSecurityGroup, network.securityGroup] } }],
        },
      ],
    };

    const summary = await scaleOnSchedule({ schedule: 'shop-peak', scheduledTime: '2026-11-24T08:00:00Z' }, throughProxy(policy));

    expect(summary.steps[0]).toMatchObject({ outcome: 'done' });
    const requests = proxy.requests('CreateDBInstanceReadReplica');
    expect(requests.map((r) => [r.DBInstanceClass, r['VpcSecurityGroupIds.VpcSecurityGroupId.1'], r['VpcSecurityGroupIds.VpcSecurityGroupId.2'], r.DBSubnetGroupName])).toEqual([
      ['db.r6g.2xlarge', network.appSecurityGroup, network.securityGroup, 'shop-db-subnets'],
      ['db.r6g.2xlarge', network.appSecurityGroup, network.securityGroup, 'shop-db-subnets'],
    ]);
    // a: the source, b and c: one replica each so far; the two new ones go to a and then b.
    expect(requests.map((r) => r.AvailabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it("adds an Aurora reader with the writer's class and parameter group, promotion tier 15 and no security groups of its own", async () => {
    const summary = await remediateAlarms(nextAlarm(), throughProxy({ version: 1, rules: [addReader('shop-aurora-add', { cluster: 'shop-aurora' })] }));

    expect(summary.steps[0]).toMatchObject({ outcome: 'done' });
    const [request] = proxy.requests('CreateDBInstance');
    expect(request).toMatchObject({
      DBInstanceIdentifier: expect.stringMatching(/^shop-aurora-ap-[0-9a-f]{6}$/),
      DBClusterIdentifier: 'shop-aurora',
      Engine: 'aurora-mysql',
      DBInstanceClass: 'db.r6g.xlarge',
      DBParameterGroupName: 'shop-aurora-instances',
      PromotionTier: '15',
      AvailabilityZone: 'us-east-1b',
    });
    expect(Object.keys(request ?? {}).filter((k) => k.startsWith('VpcSecurityGroupIds.') || k === 'DBSubnetGroupName')).toEqual([]);
  });

  it("counts Aurora Auto Scaling's readers but never removes them, even with our tag", async () => {
    const rds = new RDSClient(clientConfig());
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'application-autoscaling-0d2c9a4e-7f1b-4c3e-9a8d-1b2c3d4e5f60',
        DBClusterIdentifier: 'shop-aurora',
        Engine: 'aurora-mysql',
        DBInstanceClass: 'db.r6g.xlarge',
        Tags: [{ Key: 'ops-autopilot:managed', Value: 'true' }],
      }),
    );
    const policy = {
      version: 1,
      rules: [{ name: 'shop-aurora-remove', on: { alarm: 'shop-db-reads', state: 'OK' }, do: [{ removeReadReplica: { cluster: 'shop-aurora', cooldown: 0 } }] }],
    };
    const runtime = throughProxy(policy);
    const ok = (at: string) => alarmStateChange('shop-db-reads', 'OK', new Date(at));

    const first = await remediateAlarms(ok('2026-11-24T12:00:00Z'), runtime);
    const second = await remediateAlarms(ok('2026-11-24T12:10:00Z'), runtime);

    expect(first.steps[0]).toMatchObject({ outcome: 'done', before: { replicas: 2, managed: 1, unmanaged: 1, autoScaled: 1 }, after: { replicas: 1 } });
    expect(second.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('none of them was created by ops-autopilot') });
    expect(proxy.requests('DeleteDBInstance').map((r) => r.DBInstanceIdentifier)).toEqual([expect.stringMatching(/^shop-aurora-ap-/)]);
  });
});
