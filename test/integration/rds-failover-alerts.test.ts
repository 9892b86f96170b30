import { alertRdsEvents } from '../../functions/flows/rds-events';
import { loadEvent, withOverrides } from '../support/events';
import { setUpWorld, type TestWorld } from '../support/world';

const policy = {
  version: 1,
  rules: [{ name: 'db-failover', on: { rdsEvent: { category: 'failover', source: 'orders-*' } }, do: [{ alert: { severity: 'critical' } }] }],
};

describe('RDS failover: start and completion become one incident with a duration', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  it('pairs an Aurora failover start and completion, enriched with the writer read from AWS', async () => {
    const runtime = world.runtime(policy);

    await alertRdsEvents(loadEvent('rds/eventbridge-cluster-failover-started.json'), runtime);
    const completed = await alertRdsEvents(loadEvent('rds/eventbridge-cluster-failover-completed.json'), runtime);

    expect(completed.steps).toEqual([expect.objectContaining({ rule: 'db-failover', step: 'alert', outcome: 'alerted' })]);
    const [start, end] = await world.readAlerts();
    expect(start).toMatchObject({ kind: 'alert', severity: 'critical', resource: { type: 'rds-cluster', id: 'orders-aurora' }, trigger: { kind: 'rds-event', name: 'RDS-EVENT-0073' } });
    expect(end?.incident).toBe(start?.incident);
    expect(start?.incident).toBe('rds:orders-aurora:failover@2026-11-24T09:30:02.115Z');
    expect(end?.details).toMatchObject({ failoverDurationSeconds: expect.any(Number), writer: 'orders-aurora-writer', readers: 'none' });
    expect(end?.summary).toMatch(/It took \d+ s from start to completion/);
    expect(end?.links.map((l) => l.url)).toEqual([expect.stringContaining('orders-aurora')]);
  });

  it('handles an RDS event subscription notification delivered through SNS', async () => {
    const runtime = world.runtime(policy);

    const summary = await alertRdsEvents(loadEvent('rds/sns-subscription.json'), runtime);

    expect(summary.rejected).toEqual([]);
    const [alert] = await world.readAlerts();
    expect(alert).toMatchObject({ severity: 'critical', title: 'Multi-AZ failover started: app-db', resource: { type: 'rds-instance', id: 'app-db' } });
    expect(alert?.details).toMatchObject({ status: 'available', multiAZ: true });
  });

  it('gives one alert for an event delivered twice', async () => {
    const runtime = world.runtime(policy);
    const event = loadEvent('rds/eventbridge-cluster-failover-started.json');

    await alertRdsEvents(event, runtime);
    const again = await alertRdsEvents(event, runtime);

    expect(again.steps).toEqual([expect.objectContaining({ outcome: 'duplicate' })]);
    expect(await world.readAlerts()).toHaveLength(1);
  });

  it('rejects input that is not an RDS event with a report and no action', async () => {
    const runtime = world.runtime(policy);

    const summary = await alertRdsEvents(loadEvent('alarm/eventbridge-single-metric.json'), runtime);

    expect(summary.rejected).toHaveLength(1);
    const [alert] = await world.readAlerts();
    expect(alert).toMatchObject({ kind: 'alert', severity: 'warning', title: expect.stringMatching(/^Rejected input: /), resource: { type: 'function', id: 'rds-events' }, trigger: { kind: 'rds-event', id: 'rejected' } });
  });

  it("gives people the policy's severity, lower than the event's own: a replication error marked warning is a warning", async () => {
    const runtime = world.runtime({ version: 1, rules: [{ name: 'replica-trouble', on: { rdsEvent: { eventId: 'RDS-EVENT-0045' } }, do: [{ alert: { severity: 'warning' } }] }] });

    await alertRdsEvents(loadEvent('rds/eventbridge-replica-error.json'), runtime);
    // The same kind of event an hour later, with no rule to mark it: the catalog's own severity.
    await alertRdsEvents(withOverrides(loadEvent('rds/eventbridge-replica-error.json'), { 'detail.Date': '2026-11-24T11:00:00.000Z' }), world.runtime({ version: 1 }));

    const [marked, unmarked] = await world.readAlerts();
    expect(marked?.severity).toBe('warning');
    expect(unmarked?.severity).toBe('critical');
  });
});
