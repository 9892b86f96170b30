import fc from 'fast-check';
import { decideAddReplica } from '../../../functions/actions/add-read-replica';
import type { DatabaseState, Replica, ReplicaSettings } from '../../../functions/actions/database/model';
import { replicaName, replicaSnapshot } from '../../../functions/actions/database/model';
import { decideRemoveReplica } from '../../../functions/actions/remove-read-replica';
import { decideReplicaCount } from '../../../functions/actions/set-read-replicas';
import { addReadReplicaStep, removeReadReplicaStep, setReadReplicasStep } from '../../../functions/actions/steps';

const context = { rule: 'db-add-reader', stepKey: 'alarm:app-db-read-pressure:ALARM:2026-11-24T09:00:00.000Z#db-add-reader#0', now: new Date('2026-11-24T09:00:00Z') };

const replica = (id: string, managed: boolean, createdAt: string, status = 'available', availabilityZone?: string): Replica => ({
  id,
  managed,
  autoScaled: false,
  createdAt,
  status,
  availabilityZone,
});

/** A source like a real one: its own groups, in a subnet group over three zones, Multi-AZ in a and b. */
const settings: ReplicaSettings = {
  securityGroups: ['sg-0a1b2c3d4e5f60718'],
  subnetGroup: 'app-db-subnets',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  parameterGroup: 'app-db-mysql80',
  optionGroup: 'app-db-options',
  storageType: 'gp3',
  occupiedZones: ['us-east-1a', 'us-east-1b'],
};

function source(replicas: Replica[], overrides: Partial<DatabaseState> = {}): DatabaseState {
  return { kind: 'instance', id: 'app-db', engine: 'mysql', instanceClass: 'db.t3.medium', backupRetentionDays: 7, status: 'available', replicas, settings, ...overrides };
}

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('decideAddReplica', () => {
  const add = (options: object) => addReadReplicaStep.parse({ source: 'app-db', ...options });

  it('plans one predictably named replica with the source class and security groups, in the zone the source does not use', () => {
    const decision = decideAddReplica(source([]), add({ max: 4 }), context);
    expect(decision).toMatchObject({
      change: true,
      plan: { replica: { name: replicaName('app-db', context.stepKey), instanceClass: 'db.t3.medium', securityGroups: ['sg-0a1b2c3d4e5f60718'], availabilityZone: 'us-east-1c' } },
      before: { replicas: 0 },
      after: { replicas: 1 },
      summary: expect.stringContaining('(db.t3.medium in us-east-1c)'),
    });
    expect(replicaName('app-db', context.stepKey)).toBe(replicaName('app-db', context.stepKey));
  });

  it('uses the step securityGroups instead of the source ones', () => {
    const decision = decideAddReplica(source([]), add({ securityGroups: ['sg-0123456789abcdef0', 'sg-12345678'] }), context);
    expect(decision).toMatchObject({ change: true, plan: { replica: { securityGroups: ['sg-0123456789abcdef0', 'sg-12345678'] } } });
  });

  it('places the next replica in the least used zone, the first by name on a tie', () => {
    const inC = source([replica('r1', true, '2026-01-01', 'available', 'us-east-1c')]);
    expect(decideAddReplica(inC, add({}), context)).toMatchObject({ plan: { replica: { availabilityZone: 'us-east-1a' } } });
    const singleAz = source([], { settings: { ...settings, occupiedZones: ['us-east-1b'] } });
    expect(decideAddReplica(singleAz, add({}), context)).toMatchObject({ plan: { replica: { availabilityZone: 'us-east-1a' } } });
  });

  it('leaves the zone to RDS when the subnet group zones are unknown', () => {
    const decision = decideAddReplica(source([], { settings: { ...settings, availabilityZones: [] } }), add({}), context);
    expect(decision.change && decision.plan.replica.availabilityZone).toBeUndefined();
    expect(decision).toMatchObject({ change: true, summary: expect.stringContaining('(db.t3.medium) to app-db') });
  });

  it('refuses when the source is encrypted with another key than the step kmsKey, naming both', () => {
    const encrypted = source([], { settings: { ...settings, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/other' } });
    expect(decideAddReplica(encrypted, add({ kmsKey: KEY }), context)).toMatchObject({
      change: false,
      reason: expect.stringMatching(/encrypted with KMS key arn:aws:kms:us-east-1:123456789012:key\/other, but the step's kmsKey is arn:aws:kms:.*1234567890ab/),
    });
    expect(decideAddReplica(source([], { settings: { ...settings, kmsKeyId: KEY } }), add({ kmsKey: KEY }), context)).toMatchObject({ change: true });
    expect(decideAddReplica(encrypted, add({}), context)).toMatchObject({ change: true });
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

  it('gives an Aurora reader no security groups of its own: it joins the cluster network', () => {
    const cluster = source([], { kind: 'cluster', id: 'orders-aurora', engine: 'aurora-mysql', writer: 'orders-aurora-writer', settings: { ...settings, securityGroups: [] } });
    expect(decideAddReplica(cluster, addReadReplicaStep.parse({ cluster: 'orders-aurora' }), context)).toMatchObject({ plan: { replica: { securityGroups: [], availabilityZone: 'us-east-1c' } } });
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

  it("never removes Aurora Auto Scaling's readers, counting them as not ours", () => {
    const autoScaled: Replica = { ...replica('application-autoscaling-4a1b2c3d-0000-4000-8000-000000000000', false, '2026-06-01'), autoScaled: true };
    const cluster = source([replica('orders-aurora-ap-111111', true, '2026-05-01'), autoScaled], { kind: 'cluster', id: 'orders-aurora', writer: 'orders-aurora-writer' });
    const step = removeReadReplicaStep.parse({ cluster: 'orders-aurora' });

    expect(decideRemoveReplica(cluster, step)).toMatchObject({ change: true, plan: { replica: 'orders-aurora-ap-111111' } });
    expect(replicaSnapshot(cluster)).toMatchObject({ replicas: 2, managed: 1, unmanaged: 1, autoScaled: 1 });
    const onlyAutoScaled = { ...cluster, replicas: [{ ...autoScaled, managed: true }] };
    expect(decideRemoveReplica(onlyAutoScaled, step)).toMatchObject({ change: false });
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

  it('adds managed replicas up to the count, spread over the zones', () => {
    const decision = decideReplicaCount(source([replica('hand-made', false, '2026-01-01', 'available', 'us-east-1c')]), count(4), context);
    expect(decision).toMatchObject({
      change: true,
      plan: {
        add: [
          { name: expect.stringMatching(/^app-db-ap-[0-9a-f]{6}-1$/), availabilityZone: 'us-east-1a', securityGroups: settings.securityGroups },
          { name: expect.stringMatching(/-2$/), availabilityZone: 'us-east-1b' },
          { name: expect.stringMatching(/-3$/), availabilityZone: 'us-east-1c' },
        ],
        remove: [],
      },
      after: { replicas: 4 },
    });
  });

  it('passes the step overrides to every replica it adds', () => {
    const step = setReadReplicasStep.parse({ source: 'app-db', count: 2, instanceClass: 'db.r6g.large', securityGroups: ['sg-12345678'] });
    const decision = decideReplicaCount(source([]), step, context);
    expect(decision.change && decision.plan.add.map((r) => [r.instanceClass, r.securityGroups])).toEqual([
      ['db.r6g.large', ['sg-12345678']],
      ['db.r6g.large', ['sg-12345678']],
    ]);
  });

  it('refuses to add under a kmsKey that is not the source key', () => {
    const step = setReadReplicasStep.parse({ source: 'app-db', count: 2, kmsKey: KEY });
    const encrypted = source([], { settings: { ...settings, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/other' } });
    expect(decideReplicaCount(encrypted, step, context)).toMatchObject({ change: false, reason: expect.stringContaining("the step's kmsKey is") });
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
