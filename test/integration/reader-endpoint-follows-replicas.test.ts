/**
 * The reader endpoint of a plain RDS source on the embedded AWS's Route 53: one weighted CNAME
 * per available replica and the readers parameter, kept by reconcile; a replica leaves before
 * it is deleted and the deletion waits out the drain. The order of the calls is asserted on
 * the fault proxy's request log, since the emulator keeps no history.
 */
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig, createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { reconcile, type ReconcileRuntime } from '../../functions/flows/reconcile/reconcile';
import { DRAINING_TAG } from '../../functions/actions/tags';
import { startFaultProxy, UNAVAILABLE_QUERY, type FaultProxy } from '../../infra/local/fault-proxy';
import { alarmStateChange } from '../support/alarm-events';
import { setUpWorld, type TestWorld } from '../support/world';

const NAME = 'reader.app-db.internal';
const PARAMETER = '/app/db-readers';
const cloudWatch = new CloudWatchClient(clientConfig());
const route53 = new Route53Client(clientConfig());
const rds = new RDSClient(clientConfig());
const ssm = new SSMClient(clientConfig());

function policy(readerEndpoint: object) {
  return {
    version: 1,
    targets: { 'app-db': { rdsInstance: 'app-db', readerEndpoint, readersParameter: PARAMETER } },
    rules: [
      { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, repeat: false, do: [{ addReadReplica: { source: 'app-db', max: 4, cooldown: 0 } }] },
      { name: 'db-remove-reader', on: { alarm: 'app-db-read-pressure', state: 'OK' }, repeat: false, do: [{ removeReadReplica: { source: 'app-db', min: 0, cooldown: 0 } }] },
    ],
  };
}

function clock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

async function createZone(): Promise<string> {
  const { HostedZone } = await route53.send(new CreateHostedZoneCommand({ Name: 'app-db.internal', CallerReference: `test-${Date.now()}` }));
  return (HostedZone?.Id ?? '').split('/').pop() ?? '';
}

/** The endpoint's records as SetIdentifier → value. */
async function records(zone: string): Promise<Record<string, string>> {
  const { ResourceRecordSets } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }));
  return Object.fromEntries(
    (ResourceRecordSets ?? []).filter((r) => r.Name === `${NAME}.` && r.Type === 'CNAME').map((r) => [r.SetIdentifier ?? '', r.ResourceRecords?.[0]?.Value ?? '']),
  );
}

const parameter = async () => (await ssm.send(new GetParameterCommand({ Name: PARAMETER }))).Parameter?.Value;

async function replica(id: string) {
  return (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
}

async function replicaIds(): Promise<string[]> {
  const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({}));
  return (DBInstances ?? []).filter((i) => i.ReadReplicaSourceDBInstanceIdentifier === 'app-db').map((i) => i.DBInstanceIdentifier ?? '');
}

describe('reader endpoint: records and parameter follow the replicas', () => {
  let world: TestWorld;
  let proxy: FaultProxy;
  beforeEach(async () => {
    world = await setUpWorld();
    proxy = await startFaultProxy(process.env.AWS_ENDPOINT_URL ?? '');
  });
  afterEach(() => proxy.close());

  /** The functions reach AWS through the proxy; the test reads it directly. */
  const runtimeFor = (p: object, now: () => Date): ReconcileRuntime => ({ ...world.runtime(p, now), clients: createClients({ endpoint: proxy.url }), cloudWatch });
  /** The alarm moves (reconcile reads its state) and that state change is delivered: reconcile sees the same transition. */
  const pressure = async (state: 'ALARM' | 'OK') => {
    const AlarmName = 'app-db-read-pressure';
    await cloudWatch.send(new SetAlarmStateCommand({ AlarmName, StateValue: state, StateReason: `test sets ${state}` }));
    const { MetricAlarms } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [AlarmName] }));
    return alarmStateChange(AlarmName, state, MetricAlarms?.[0]?.StateUpdatedTimestamp ?? new Date());
  };

  it('a replica joins once available (after reconcile), leaves before it is deleted, and the deletion waits out 2 × ttl', async () => {
    const zone = await createZone();
    const time = clock();
    const runtime = runtimeFor(policy({ hostedZoneId: zone, name: NAME, ttl: 1 }), time.now);
    const source = (await replica('app-db'))?.Endpoint?.Address ?? '';

    await reconcile({}, runtime);
    // No replica serves yet: the name resolves to the source, as Aurora's reader endpoint falls back to the writer.
    expect(await records(zone)).toEqual({ 'app-db': source });
    expect(await parameter()).toBe(source);

    await remediateAlarms(await pressure('ALARM'), runtime);
    const [id = ''] = await replicaIds();
    const address = (await replica(id))?.Endpoint?.Address ?? '';
    expect(address).not.toBe('');
    // Adding a replica does not touch Route 53: it joins when reconcile sees it available.
    expect(await records(zone)).toEqual({ 'app-db': source });

    await reconcile({}, runtime);
    expect(await records(zone)).toEqual({ [id]: address });
    expect(await parameter()).toBe(address);

    // Nothing differs: no change batch, no parameter write.
    proxy.clear();
    await reconcile({}, runtime);
    expect(proxy.seen.get('ChangeResourceRecordSets')).toBeUndefined();
    expect(proxy.seen.get('PutParameter')).toBeUndefined();
    expect(proxy.seen.get('ListResourceRecordSets')).toBe(1);

    proxy.clear();
    const started = Date.now();
    const removed = await remediateAlarms(await pressure('OK'), runtime);
    expect(removed.steps[0]).toMatchObject({ outcome: 'done' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const leave = proxy.order.indexOf('ChangeResourceRecordSets');
    const remove = proxy.order.indexOf('DeleteDBInstance');
    expect(leave).toBeGreaterThanOrEqual(0);
    expect(remove).toBeGreaterThan(leave);
    expect(proxy.order.indexOf('PutParameter')).toBeLessThan(remove);
    expect(proxy.seen.get('DeleteDBInstance')).toBe(1);
    expect(await records(zone)).toEqual({ 'app-db': source });
    expect(await parameter()).toBe(source);
    expect(await replicaIds()).toEqual([]);
  });

  it('a long drain is finished by reconcile, which never puts the draining replica back; a retry after a lost deletion does not delete twice', async () => {
    const zone = await createZone();
    const time = clock();
    const runtime = runtimeFor(policy({ hostedZoneId: zone, name: NAME, ttl: 30, drainSeconds: 120 }), time.now);
    await remediateAlarms(await pressure('ALARM'), runtime);
    await reconcile({}, runtime);
    const [id = ''] = await replicaIds();
    expect(Object.keys(await records(zone))).toEqual([id]);

    proxy.clear();
    const removed = await remediateAlarms(await pressure('OK'), runtime);
    expect(removed.steps[0]).toMatchObject({ outcome: 'done' });
    expect(removed.steps[0]?.reason).toMatch(/120 s drain/);
    expect(proxy.seen.get('DeleteDBInstance')).toBeUndefined();
    expect(Object.keys(await records(zone))).toEqual(['app-db']);
    const until = (await replica(id))?.TagList?.find((t) => t.Key === DRAINING_TAG)?.Value ?? '';
    expect(Date.parse(until) - time.now().getTime()).toBeGreaterThanOrEqual(119_000);

    time.advance(60);
    await reconcile({}, runtime);
    expect(Object.keys(await records(zone))).toEqual(['app-db']);
    expect(await replicaIds()).toEqual([id]);

    // The deletion lands but its answer is lost (and the SDK's own retry too): reconcile's retry must not delete again.
    time.advance(130);
    proxy.inject({ action: 'DeleteDBInstance', times: 1, fault: UNAVAILABLE_QUERY, afterApplied: true });
    await reconcile({}, runtime).catch(() => undefined);
    await reconcile({}, runtime);
    expect(await replicaIds()).toEqual([]);
    // The lost one and the SDK's own retry of it, which finds the replica gone and takes it as done.
    expect(proxy.requests('DeleteDBInstance')).toHaveLength(2);
    expect(proxy.order.indexOf('ChangeResourceRecordSets')).toBeLessThan(proxy.order.indexOf('DeleteDBInstance'));
  });

  it('a removal whose deletion fails is retried without deleting before the drain or leaving the replica undeleted', async () => {
    const zone = await createZone();
    const time = clock();
    const runtime = runtimeFor(policy({ hostedZoneId: zone, name: NAME, ttl: 1 }), time.now);
    await remediateAlarms(await pressure('ALARM'), runtime);
    await reconcile({}, runtime);
    const [id = ''] = await replicaIds();

    proxy.clear();
    // Both of the SDK's attempts fail before RDS sees them: the step fails after the leave and the drain.
    proxy.inject({ action: 'DeleteDBInstance', times: 2, fault: UNAVAILABLE_QUERY });
    const event = await pressure('OK');
    const context = { awsRequestId: 'removal-attempt' };
    const first = await remediateAlarms(event, runtime, context).catch((err: unknown) => err);
    expect(first).toBeInstanceOf(Error);
    expect(await replicaIds()).toEqual([id]);
    expect(Object.keys(await records(zone))).toEqual(['app-db']);

    // Lambda's retry finds the replica draining: the intent is carried out, nothing deleted early, the leave not skipped.
    const retry = await remediateAlarms(event, runtime, context);
    expect(retry.steps[0]).toMatchObject({ outcome: 'done' });
    await reconcile({}, runtime);
    expect(Object.keys(await records(zone))).toEqual(['app-db']);
    expect(await replicaIds()).toEqual([id]);

    time.advance(2 + 61);
    await reconcile({}, runtime);
    expect(await replicaIds()).toEqual([]);
    const deletions = proxy.order.filter((a) => a === 'DeleteDBInstance').length;
    expect(deletions).toBe(3); // two refused by the proxy, one that RDS carried out
  });

  it('a hosted zone that does not exist gives one clear alert and never blocks the replica', async () => {
    const time = clock();
    const runtime = runtimeFor(policy({ hostedZoneId: 'ZNOSUCHZONE0001', name: NAME, ttl: 1 }), time.now);
    const added = await remediateAlarms(await pressure('ALARM'), runtime);
    expect(added.steps[0]).toMatchObject({ outcome: 'done' });
    const [id = ''] = await replicaIds();
    await world.readAlerts();

    await reconcile({}, runtime);
    await reconcile({}, runtime);
    const warnings = (await world.readAlerts()).filter((a) => a.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.title).toContain('ZNOSUCHZONE0001');
    expect(warnings[0]?.summary).toMatch(/hosted zone ZNOSUCHZONE0001 does not exist: create it, or correct targets\.app-db\.readerEndpoint\.hostedZoneId/);
    // The parameter is a separate publication: it still follows the replica.
    expect(await parameter()).toBe((await replica(id))?.Endpoint?.Address);
    expect(proxy.seen.get('ListResourceRecordSets')).toBe(2);

    // Removal is not blocked either: the replica drains and goes.
    const removed = await remediateAlarms(await pressure('OK'), runtime);
    expect(removed.steps[0]).toMatchObject({ outcome: 'done' });
    expect(await replicaIds()).toEqual([]);
  });
});

describe('Aurora: the availability alert names the cluster reader endpoint', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  it('carries the cluster\'s ReaderEndpoint in details.readerEndpoint and the summary', async () => {
    const runtime: ReconcileRuntime = {
      ...world.runtime({ version: 1, rules: [{ name: 'orders-add-reader', on: { alarm: 'orders-cpu-high' }, do: [{ addReadReplica: { cluster: 'orders-aurora', cooldown: 0 } }] }] }),
      cloudWatch,
    };
    await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: 'orders-cpu-high', StateValue: 'ALARM', StateReason: 'test' }));
    const readerEndpoint = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders-aurora' }))).DBClusters?.[0]?.ReaderEndpoint ?? '';
    expect(readerEndpoint).not.toBe('');

    await reconcile({}, runtime);
    await reconcile({}, runtime);

    const available = (await world.readAlerts()).filter((a) => /available/.test(a.title));
    expect(available).toHaveLength(1);
    expect(available[0]?.details).toMatchObject({ database: 'orders-aurora', readerEndpoint });
    expect(available[0]?.summary).toContain(`reader endpoint ${readerEndpoint}`);
  });
});
