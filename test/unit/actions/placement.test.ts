import fc from 'fast-check';
import type { DatabaseState } from '../../../functions/actions/database/model';
import { leastUsedZone, planNewReplicas } from '../../../functions/actions/database/placement';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

function database(replicaZones: string[], occupiedZones: string[]): DatabaseState {
  return {
    kind: 'instance',
    id: 'shop-db',
    engine: 'postgres',
    backupRetentionDays: 7,
    status: 'available',
    replicas: replicaZones.map((zone, i) => ({ id: `r${i}`, status: 'available', managed: true, autoScaled: false, availabilityZone: zone })),
    settings: { securityGroups: ['sg-12345678'], availabilityZones: [...ZONES].reverse(), occupiedZones },
  };
}

const countIn = (zones: (string | undefined)[], zone: string) => zones.filter((z) => z === zone).length;

describe('leastUsedZone', () => {
  it('never picks a zone that holds more instances than another (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ZONES), { maxLength: 15 }), fc.subarray(ZONES, { maxLength: 2 }), (replicaZones, occupied) => {
        const zone = leastUsedZone(database(replicaZones, occupied));
        const used = [...replicaZones, ...occupied];
        expect(zone).toBeDefined();
        for (const other of ZONES) expect(countIn(used, zone ?? '')).toBeLessThanOrEqual(countIn(used, other));
      }),
    );
  });

  it('breaks ties by zone name, whatever the order the subnet group lists them in', () => {
    expect(leastUsedZone(database([], []))).toBe('eu-west-1a');
    expect(leastUsedZone(database(['eu-west-1a'], []))).toBe('eu-west-1b');
  });

  it('ignores zones outside the subnet group', () => {
    expect(leastUsedZone(database(['us-east-1a'], ['eu-west-1a', 'eu-west-1b']))).toBe('eu-west-1c');
  });
});

describe('planNewReplicas', () => {
  it('spreads a batch evenly over the zones, counting the ones planned before', () => {
    const planned = planNewReplicas(database([], ['eu-west-1a']), ['n1', 'n2', 'n3', 'n4', 'n5'], {});
    expect(planned.map((r) => r.availabilityZone)).toEqual(['eu-west-1b', 'eu-west-1c', 'eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });
});
