import fc from 'fast-check';
import { decideAddReplica } from '../../../functions/actions/add-read-replica';
import type { DatabaseState, Replica } from '../../../functions/actions/database/model';
import { replicaName } from '../../../functions/actions/database/model';
import { decideRemoveReplica } from '../../../functions/actions/remove-read-replica';
import { decideReplicaCount } from '../../../functions/actions/set-read-replicas';
import { addReadReplicaStep, removeReadReplicaStep, setReadReplicasStep } from '../../../functions/actions/steps';

const context = { rule: 'db-add-reader', stepKey: 'alarm:app-db-read-pressure:ALARM:2026-11-24T09:00:00.000Z#db-add-reader#0', now: new Date('2026-11-24T09:00:00Z') };

const replica = (id: string, managed: boolean, createdAt: string, status = 'available'): Replica => ({ id, managed, createdAt, status });

function source(replicas: Replica[], overrides: Partial<DatabaseState> = {}): DatabaseState {
  return { kind: 'instance', id: 'app-db', engine: 'mysql', instanceClass: 'db.t3.medium', backupRetentionDays: 7, status: 'available', replicas, ...overrides };
}

describe('decideAddReplica', () => {
  const add = (options: object) => addReadReplicaStep.parse({ source: 'app-db', ...options });

  it('plans one predictably named replica with the source class', () => {
    const decision = decideAddReplica(source([]), add({ max: 4 }), context);
    expect(decision).toMatchObject({ change: true, plan: { replica: { name: replicaName('app-db', context.stepKey), instanceClass: 'db.t3.medium' } }, before: { replicas: 0 }, after: { replicas: 1 } });
    expect(replicaName('app-db', context.stepKey)).toBe(replicaName('app-db', context.stepKey));
  });

  it('stops at max, counting unmanaged replicas too', () => {
    const decision = decideAddReplica(source([replica('a', false, '2026-01-01'), replica('b', true, '2026-01-02')]), add({ max: 2 }), context);
    expect(decision).toEqual(expect.objectContaining({ change: false, reason: 'app-db already has 2 replica(s); max is 2' }));
  });

  it('refuses a source without automated backups, with the reason', () => {
    const decision = decideAddReplica(source([], { backupRetentionDays: 0 }), add({}), context);
    expect(decision).toMatchObject({ change: false, reason: expect.stringContaining('no automated backups') });
  });

  it('waits while another replica is still being created', () => {
    const decision = decideAddReplica(source([replica('app-db-ap-1', true, '2026-01-01', 'creating')]), add({ max: 5 }), context);
    expect(decision).toMatchObject({ change: false, reason: 'replica app-db-ap-1 of app-db is still being created; waiting for it first' });
  });

  it('uses the step instanceClass, then the writer class for Aurora', () => {
    const cluster = source([], { kind: 'cluster', id: 'orders-aurora', engine: 'aurora-mysql', instanceClass: 'db.r6g.xlarge', writer: 'orders-aurora-writer' });
    expect(decideAddReplica(cluster, addReadReplicaStep.parse({ cluster: 'orders-aurora' }), context)).toMatchObject({ plan: { replica: { instanceClass: 'db.r6g.xlarge' } } });
    expect(decideAddReplica(cluster, addReadReplicaStep.parse({ cluster: 'orders-aurora', instanceClass: 'db.r6g.large' }), context)).toMatchObject({ plan: { replica: { instanceClass: 'db.r6g.large' } } });
  });

  it('never plans beyond max or the engine limit of 15 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 15 }), (existing, max) => {
        const replicas = Array.from({ length: existing }, (_, i) => replica(`r${i}`, i % 2 === 0, `2026-01-${10 + i}`));
        const decision = decideAddReplica(source(replicas), add({ max }), context);
        if (decision.change) expect(existing + 1).toBeLessThanOrEqual(Math.min(max, 15));
        else expect(existing >= max || existing >= 15).toBe(true);
      }),
    );
  });
});

describe('replicaName', () => {
  it('keeps RDS identifier rules for long source names', () => {
    const name = replicaName('a'.repeat(70), 'key');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

describe('decideRemoveReplica', () => {
  const remove = (options: object) => removeReadReplicaStep.parse({ source: 'app-db', ...options });

  it('removes the newest managed replica, never an unmanaged one', () => {
    const state = source([replica('old-managed', true, '2026-01-01'), replica('new-unmanaged', false, '2026-03-01'), replica('new-managed', true, '2026-02-01')]);
    expect(decideRemoveReplica(state, remove({}))).toMatchObject({ change: true, plan: { replica: 'new-managed' }, after: { replicas: 2 } });
  });

  it('never goes below min', () => {
    expect(decideRemoveReplica(source([replica('a', true, '2026-01-01')]), remove({ min: 1 }))).toMatchObject({ change: false, reason: 'app-db has 1 replica(s); min is 1' });
  });

  it('never removes the Aurora writer', () => {
    const cluster = source([replica('orders-aurora-writer', true, '2026-05-01')], { kind: 'cluster', id: 'orders-aurora', writer: 'orders-aurora-writer' });
    expect(decideRemoveReplica(cluster, removeReadReplicaStep.parse({ cluster: 'orders-aurora' }))).toMatchObject({ change: false });
  });

  it('says why when only unmanaged replicas are left', () => {
    expect(decideRemoveReplica(source([replica('hand-made', false, '2026-01-01')]), remove({}))).toMatchObject({
      change: false,
      reason: 'app-db has 1 replica(s) but none of them was created by ops-autopilot; unmanaged replicas are never removed',
    });
  });
});

describe('decideReplicaCount (setReadReplicas)', () => {
  const count = (n: number) => setReadReplicasStep.parse({ source: 'app-db', count: n });

  it('adds managed replicas up to the count', () => {
    const decision = decideReplicaCount(source([replica('hand-made', false, '2026-01-01')]), count(3), context);
    expect(decision).toMatchObject({ change: true, plan: { add: [{ name: expect.stringMatching(/^app-db-ap-[0-9a-f]{6}-1$/) }, { name: expect.stringMatching(/-2$/) }], remove: [] }, after: { replicas: 3 } });
  });

  it('removes managed replicas newest first down to the count', () => {
    const state = source([replica('m1', true, '2026-01-01'), replica('m2', true, '2026-01-02'), replica('m3', true, '2026-01-03'), replica('u1', false, '2026-01-04')]);
    expect(decideReplicaCount(state, count(2), context)).toMatchObject({ change: true, plan: { remove: ['m3', 'm2'], add: [] }, after: { replicas: 2 } });
  });

  it('reports, not forces, a count below the unmanaged replicas', () => {
    const state = source([replica('u1', false, '2026-01-01'), replica('u2', false, '2026-01-02'), replica('m1', true, '2026-01-03')]);
    const decision = decideReplicaCount(state, count(0), context);
    expect(decision).toMatchObject({ change: true, plan: { remove: ['m1'], shortfall: 'count 0 not reached: 2 unmanaged replica(s) are never removed' }, after: { replicas: 2 } });
    expect(decideReplicaCount(source([replica('u1', false, '2026-01-01')]), count(0), context)).toMatchObject({ change: false, reason: expect.stringContaining('1 unmanaged replica(s) are never removed') });
  });

  it('does nothing at the count', () => {
    expect(decideReplicaCount(source([replica('m1', true, '2026-01-01')]), count(1), context)).toMatchObject({ change: false, reason: 'app-db already has 1 replica(s)' });
  });
});
