/**
 * One suite, two ledgers: the DynamoDB ledger on the embedded AWS and the in-memory double the
 * runner's tests use. Whatever the double promises, DynamoDB keeps.
 */
import { createClients } from '../../functions/aws/clients';
import { dynamoDbLedger } from '../../functions/ledger/dynamodb/dynamodb-ledger';
import type { Ledger, WorkKey } from '../../functions/ledger/ledger';
import type { ResourceRef } from '../../functions/model/vocabulary';
import { memoryLedger } from '../support/memory-ledger';
import { setUpWorld } from '../support/world';

const now = new Date('2026-11-24T09:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const group: ResourceRef = { type: 'auto-scaling-group', id: 'web-asg' };
const intent = { plan: { group: 'web-asg', desired: 3 }, before: { desired: 2 }, after: { desired: 3 }, summary: 'desired 2 → 3' };
let n = 0;
const unit = (): WorkKey => ({ signalId: `alarm:web-cpu-high:ALARM:${n++}`, unit: 'web-scale-out#0' });
/** A resource of its own, with its slot taken by `key`, as the runner takes it before deciding. */
async function slotFor(ledger: Ledger, key: WorkKey, at = now): Promise<ResourceRef> {
  const resource: ResourceRef = { type: 'auto-scaling-group', id: `asg-${key.signalId}` };
  expect(await ledger.takeSlot(resource, `${key.signalId}#${key.unit}`, 0, at)).toEqual({ taken: true });
  return resource;
}
const done = { then: 'done' as const, outcome: 'done', reports: [], published: true };

describe.each([
  ['DynamoDB', async (): Promise<Ledger> => dynamoDbLedger(createClients().ledger, (await setUpWorld()).ledgerTable)],
  ['in memory', async (): Promise<Ledger> => memoryLedger()],
])('the %s ledger', (_name, make) => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await make();
  });

  it('claims a unit for one attempt: its owner continues, another waits, nobody claims it once done', async () => {
    const key = unit();
    expect(await ledger.claim(key, 'a', now)).toEqual({ result: 'claimed' });
    expect(await ledger.claim(key, 'a', now)).toEqual({ result: 'claimed' });
    expect(await ledger.claim(key, 'b', now)).toMatchObject({ result: 'busy' });
    await ledger.settle(key, 'a', done, now);
    expect(await ledger.claim(key, 'a', now)).toEqual({ result: 'done' });
    expect(await ledger.claim(key, 'b', now)).toEqual({ result: 'done' });
  });

  it('hands a released or held unit to the next attempt with its intent, and spends the budget once', async () => {
    const key = unit();
    await ledger.claim(key, 'a', now);
    const slot = await slotFor(ledger, key);
    const spent = await ledger.budgetSpent(now);
    expect(await ledger.recordIntent(key, 'a', intent, slot, 100, now)).toBe('recorded');
    expect(await ledger.recordIntent(key, 'a', intent, slot, 100, now)).toBe('recorded');
    expect(await ledger.budgetSpent(now)).toBe(spent + 1);
    await ledger.release(key, 'a');
    expect(await ledger.claim(key, 'b', now)).toEqual({ result: 'claimed', intent });
    await ledger.settle(key, 'b', { ...done, then: 'held', heldReported: 'kill-switch' }, now);
    expect(await ledger.claim(key, 'c', now)).toMatchObject({ result: 'claimed', heldReported: 'kill-switch' });
  });

  it('refuses an intent once the hour is spent', async () => {
    const key = unit();
    await ledger.claim(key, 'a', now);
    const slot = await slotFor(ledger, key);
    expect(await ledger.recordIntent(key, 'a', intent, slot, await ledger.budgetSpent(now), now)).toBe('budget-spent');
  });

  it('refuses an intent, and spends nothing, once another unit took the slot over (the lease ran out)', async () => {
    const key = unit();
    await ledger.claim(key, 'a', now);
    const slot = await slotFor(ledger, key);
    const other = unit();
    expect(await ledger.takeSlot(slot, `${other.signalId}#${other.unit}`, 0, later(121))).toEqual({ taken: true });
    const spent = await ledger.budgetSpent(now);

    expect(await ledger.recordIntent(key, 'a', intent, slot, 100, now)).toBe('slot-lost');
    expect(await ledger.budgetSpent(now)).toBe(spent);
    await ledger.release(key, 'a');
    expect(await ledger.claim(key, 'b', now)).toEqual({ result: 'claimed' });
  });

  it('lets a claim whose lease ran out go to another attempt', async () => {
    const key = unit();
    await ledger.claim(key, 'a', now);
    expect(await ledger.claim(key, 'b', later(121))).toEqual({ result: 'claimed' });
  });

  it('serialises a resource: one holder, its own take again, a cooldown from its change', async () => {
    const first = unit();
    const holder = `${first.signalId}#${first.unit}`;
    await ledger.claim(first, 'a', now);
    expect(await ledger.takeSlot(group, holder, 300, now)).toEqual({ taken: true });
    expect(await ledger.takeSlot(group, holder, 300, now)).toEqual({ taken: true });
    expect(await ledger.takeSlot(group, 'other#unit', 300, now)).toMatchObject({ taken: false, heldBy: 'busy', holder });
    await ledger.settle(first, 'a', { ...done, release: { resource: group, changed: true } }, now);
    expect(await ledger.takeSlot(group, 'other#unit', 300, later(10))).toMatchObject({ taken: false, heldBy: 'cooldown', lastChangeAt: now.getTime() });
    expect(await ledger.takeSlot(group, 'other#unit', 300, later(301))).toEqual({ taken: true });
    expect(await ledger.readSlot(group)).toMatchObject({ lastChangeAt: now.getTime(), holder: 'other#unit' });
  });

  it('keeps incidents: opened once, closed by one signal (again for its retry), then opened anew', async () => {
    const incident = { key: `alarm:web-cpu-high:${n++}`, openedAt: now.toISOString(), signalId: 's1', details: {} };
    expect(await ledger.openIncident(incident, now)).toMatchObject({ openedAt: now.toISOString() });
    expect(await ledger.openIncident({ ...incident, openedAt: later(5).toISOString(), signalId: 's2' }, now)).toMatchObject({ openedAt: now.toISOString() });
    expect(await ledger.closeIncident(incident.key, 'ok-1', now)).toMatchObject({ openedAt: now.toISOString() });
    expect(await ledger.closeIncident(incident.key, 'ok-1', now)).toMatchObject({ openedAt: now.toISOString() });
    expect(await ledger.closeIncident(incident.key, 'ok-2', now)).toBeUndefined();
    expect(await ledger.openIncident({ ...incident, openedAt: later(60).toISOString(), signalId: 's3' }, now)).toMatchObject({ openedAt: later(60).toISOString() });
  });

  it('moves a cooldown forward to when a replica became available, never back', async () => {
    const source: ResourceRef = { type: 'rds-instance', id: `app-db-${n++}` };
    await ledger.restartCooldown(source, now.getTime());
    await ledger.restartCooldown(source, later(-60).getTime());
    expect(await ledger.readSlot(source)).toMatchObject({ lastChangeAt: now.getTime() });
    expect(await ledger.takeSlot(source, 'add#0', 600, later(599))).toMatchObject({ taken: false, heldBy: 'cooldown' });
    expect(await ledger.takeSlot(source, 'add#0', 600, later(600))).toEqual({ taken: true });
  });

  it('watches an incident opened with a deadline until it closes, and finds it once overdue', async () => {
    const start = later(10_000 + n);
    const late = { key: `rds:app-db-${n++}:failover`, openedAt: start.toISOString(), signalId: 'start-1', details: {}, overdueAt: new Date(start.getTime() + 900_000).toISOString() };
    const closed = { ...late, key: `rds:app-db-${n++}:failover`, signalId: 'start-2' };
    await ledger.openIncident(late, start);
    await ledger.openIncident(closed, start);
    await ledger.closeIncident(closed.key, 'end-2', start);
    const keys = async (at: Date) => (await ledger.overdueIncidents(at)).map((i) => i.key).filter((k) => k === late.key || k === closed.key);
    expect(await keys(new Date(start.getTime() + 899_000))).toEqual([]);
    expect(await keys(new Date(start.getTime() + 901_000))).toEqual([late.key]);
    await ledger.unwatchIncident(late);
    expect(await keys(new Date(start.getTime() + 902_000))).toEqual([]);
  });

  it('keeps a mark that only moves forward', async () => {
    const name = `rds-events-${n++}`;
    expect(await ledger.readMark(name)).toBeUndefined();
    await ledger.advanceMark(name, now.toISOString(), now);
    await ledger.advanceMark(name, later(-60).toISOString(), now);
    expect(await ledger.readMark(name)).toBe(now.toISOString());
    await ledger.advanceMark(name, later(60).toISOString(), now);
    expect(await ledger.readMark(name)).toBe(later(60).toISOString());
  });
});
