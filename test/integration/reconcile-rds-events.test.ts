/**
 * reconcile repairs RDS events EventBridge never delivered. The "DB instance created" events
 * are moto's own (DescribeEvents lists only what moto made itself); failover events moto
 * never makes, so those tests answer DescribeEvents — and only DescribeEvents — with events
 * written here, through a middleware on the RDS client. Every other call reaches the emulator.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeEventsCommand, RDSClient, type Event } from '@aws-sdk/client-rds';
import { clientConfig } from '../../functions/aws/clients';
import { alertRdsEvents } from '../../functions/flows/rds-events';
import { reconcile, type ReconcileRuntime } from '../../functions/flows/reconcile/reconcile';
import { loadEvent, withOverrides } from '../support/events';
import { setUpWorld, type TestWorld } from '../support/world';

const cloudWatch = new CloudWatchClient(clientConfig());

/** An RDS client whose DescribeEvents answers `events` (within the asked window); moto cannot make failover events. */
function rdsListing(events: Event[]): RDSClient {
  const rds = new RDSClient(clientConfig());
  rds.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DescribeEventsCommand') return next(args);
      const input = args.input as { StartTime?: Date; EndTime?: Date; SourceType?: string };
      const within = events.filter((e) => e.SourceType === input.SourceType && e.Date && (!input.StartTime || e.Date >= input.StartTime) && (!input.EndTime || e.Date <= input.EndTime));
      return { output: { $metadata: {}, Events: within }, response: {} };
    },
    { step: 'initialize', name: 'fakeDescribeEvents' },
  );
  return rds;
}

const failoverPolicy = { version: 1, rules: [{ name: 'db-failover', on: { rdsEvent: { category: 'failover', source: 'app-*' } }, do: [{ alert: { severity: 'critical' } }] }] };

describe('reconcile: RDS events that no delivery brought', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  const runtimeFor = (policy: object, now: () => Date = () => new Date(), rds?: RDSClient): ReconcileRuntime => {
    const runtime = world.runtime(policy, now);
    return { ...runtime, clients: { ...runtime.clients, ...(rds ? { rds } : {}) }, cloudWatch };
  };

  it("alerts once on moto's own creation event, and its EventBridge delivery afterwards is a duplicate", async () => {
    const runtime = runtimeFor({ version: 1, rules: [{ name: 'db-created', on: { rdsEvent: { category: 'creation', source: 'app-db' } }, do: [{ alert: { severity: 'info' } }] }] });
    const [created] = (await new RDSClient(clientConfig()).send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: 'app-db', Duration: 60 }))).Events ?? [];
    expect(created?.Message).toMatch(/created/i);

    const first = await reconcile({}, runtime);
    const second = await reconcile({}, runtime);

    expect(first.signals.filter((id) => id.startsWith('rds:app-db:'))).toHaveLength(1);
    expect(second.steps.filter((s) => s.outcome === 'alerted')).toEqual([]);
    const alerts = await world.readAlerts();
    expect(alerts).toEqual([expect.objectContaining({ resource: expect.objectContaining({ id: 'app-db' }), trigger: expect.objectContaining({ kind: 'rds-event', name: 'RDS-EVENT-0005' }) })]);

    const late = withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), {
      'detail.EventCategories': ['creation'],
      'detail.Message': created?.Message ?? '',
      'detail.Date': created?.Date?.toISOString() ?? '',
      'detail.EventID': 'RDS-EVENT-0005',
    });
    const delivered = await alertRdsEvents(late, runtime);
    expect(delivered.steps).toEqual([expect.objectContaining({ outcome: 'duplicate' })]);
    expect(await world.readAlerts()).toEqual([]);
  });

  it('hands a missed failover completion to the rds-events flow: one incident, measured, and no second alert for the start EventBridge delivered', async () => {
    const start = new Date(Date.now() - 120_000);
    const end = new Date(start.getTime() + 95_000);
    const listed: Event[] = [
      { SourceIdentifier: 'app-db', SourceType: 'db-instance', Message: 'Multi-AZ instance failover started.', EventCategories: ['failover'], Date: start, SourceArn: 'arn:aws:rds:us-east-1:123456789012:db:app-db' },
      { SourceIdentifier: 'app-db', SourceType: 'db-instance', Message: 'Multi-AZ instance failover completed.', EventCategories: ['failover'], Date: end, SourceArn: 'arn:aws:rds:us-east-1:123456789012:db:app-db' },
    ];
    const runtime = runtimeFor(failoverPolicy, () => new Date(), rdsListing(listed));
    const delivered = withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), { 'detail.Date': start.toISOString() });
    await alertRdsEvents(delivered, runtime);

    await reconcile({}, runtime);
    await reconcile({}, runtime);

    const [started, completed, ...more] = await world.readAlerts();
    expect(more).toEqual([]);
    expect(started).toMatchObject({ trigger: { name: 'RDS-EVENT-0013' } });
    expect(completed).toMatchObject({ trigger: { name: 'RDS-EVENT-0049' }, incident: started?.incident, details: expect.objectContaining({ failoverDurationSeconds: 95 }) });
  });

  it('says once that a failover has not completed, after the bound, and never for one that did', async () => {
    let now = Date.now();
    const start = new Date(now - 60_000);
    const runtime = runtimeFor(failoverPolicy, () => new Date(now), rdsListing([]));
    await alertRdsEvents(withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), { 'detail.Date': start.toISOString() }), runtime);
    await world.readAlerts();

    await reconcile({}, runtime);
    expect(await world.readAlerts()).toEqual([]);
    now += 15 * 60_000;
    await reconcile({}, runtime);
    await reconcile({}, runtime);

    const overdue = await world.readAlerts();
    expect(overdue).toEqual([expect.objectContaining({ severity: 'critical', title: expect.stringMatching(/^Failover of app-db not completed after 1\d min$/), incident: `rds:app-db:failover@${start.toISOString()}` })]);
    const completion = withOverrides(loadEvent('rds/eventbridge-instance-failover-completed.json'), { 'detail.Date': new Date(now).toISOString() });
    await alertRdsEvents(completion, runtime);
    now += 15 * 60_000;
    await reconcile({}, runtime);
    expect((await world.readAlerts()).map((a) => a.trigger.name)).toEqual(['RDS-EVENT-0049']);
  });

  it('reads nothing for a policy without rdsEvent rules', async () => {
    const rds = rdsListing([]);
    const calls: string[] = [];
    rds.middlewareStack.add((next, context) => async (args) => (calls.push(context.commandName ?? ''), next(args)), { step: 'initialize', name: 'count', priority: 'high' });
    await reconcile({}, runtimeFor({ version: 1, rules: [] }, () => new Date(), rds));
    expect(calls).not.toContain('DescribeEventsCommand');
  });
});
