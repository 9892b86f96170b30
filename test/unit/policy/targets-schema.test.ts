/** The `targets` section and the target references of steps, as policy validation sees them. */
import { validatePolicy } from '../../../functions/policy/load';

function issuesOf(policy: object): string[] {
  const result = validatePolicy(policy);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.issues.map((i) => `${i.where}${i.field ? ` ${i.field}` : ''}: ${i.message}`);
}

const TARGETS = {
  web: { autoScalingGroup: 'web-asg' },
  'book-web': { autoScalingGroup: { stack: 'wordpress', logicalId: 'AutoScalingGroup' } },
  'app-db': {
    rdsInstance: 'app-db',
    readerEndpoint: { hostedZoneId: 'Z0000000000000EXAMPLE', name: 'reader.app-db.internal', ttl: 5 },
    readersParameter: '/app/db-readers',
  },
  orders: { rdsCluster: 'orders-aurora' },
};

const rule = (name: string, step: object, on: object = { alarm: 'web-cpu-high' }) => ({ name, on, do: [step] });

describe('targets', () => {
  it('accepts the targets of DESIGN.md, readers included, and stack alarm triggers', () => {
    const result = validatePolicy({
      version: 1,
      targets: TARGETS,
      rules: [
        rule('web-scale-out', { scaleAutoScalingGroup: { group: 'web', by: 2 } }),
        rule('book-scale-out', { scaleAutoScalingGroup: { group: { fromAlarm: 'AutoScalingGroupName' }, by: 1, max: 4 } }, { alarm: { stack: 'wordpress', logicalId: 'CPUHighAlarm' } }),
        rule('book-db', { addReadReplica: { source: { stack: 'wordpress', logicalId: 'Database' } } }),
        rule('orders-add-reader', { addReadReplica: { cluster: 'orders' } }),
      ],
      schedules: [{ name: 'peak', cron: '0 8 * * ? *', do: [{ setCapacity: { group: 'book-web', min: 2 } }] }],
    });

    expect(result).toMatchObject({
      ok: true,
      policy: {
        targets: TARGETS,
        rules: [{}, { on: { alarm: { stack: 'wordpress', logicalId: 'CPUHighAlarm' }, state: 'ALARM' } }, {}, {}],
      },
    });
  });

  it('names the target and the field for each bad reader setting', () => {
    expect(
      issuesOf({
        version: 1,
        targets: {
          'app-db': { rdsInstance: 'app-db', readerEndpoint: { hostedZoneId: 'zone-1', name: 'reader..internal', ttl: 0 }, readersParameter: 'app/readers' },
          web: { autoScalingGroup: 'web-asg', readersParameter: '/web/readers' },
        },
      }),
    ).toEqual([
      'target "app-db" readerEndpoint.hostedZoneId: must be a Route 53 hosted zone id, e.g. Z0000000000000EXAMPLE',
      'target "app-db" readerEndpoint.name: must be a DNS name, e.g. reader.app-db.internal',
      'target "app-db" readerEndpoint.ttl: must be at least 1',
      'target "app-db" readersParameter: must be an SSM parameter name starting with /',
      'target "web" readersParameter: only a database target (rdsInstance, rdsCluster) has readers',
    ]);
  });

  it('wants a drain of at least twice the ttl, saying why', () => {
    const withDrain = (drainSeconds: number) => ({ version: 1, targets: { 'app-db': { rdsInstance: 'app-db', readerEndpoint: { hostedZoneId: 'Z0000000000000EXAMPLE', name: 'reader.app-db.internal', ttl: 30, drainSeconds } } } });
    expect(issuesOf(withDrain(59))).toEqual([
      'target "app-db" readerEndpoint.drainSeconds: must be at least twice the ttl (60): a resolver may keep the old answer for a ttl, and a pool needs time to move its connections',
    ]);
    expect(validatePolicy(withDrain(60)).ok).toBe(true);
  });

  it('wants exactly one kind per target, a resource and not a pattern, and a name like a rule name', () => {
    expect(
      issuesOf({
        version: 1,
        targets: {
          both: { autoScalingGroup: 'web-asg', rdsInstance: 'app-db' },
          none: {},
          glob: { autoScalingGroup: 'wordpress-AutoScalingGroup-*' },
          alarmed: { autoScalingGroup: { fromAlarm: 'AutoScalingGroupName' } },
        },
      }),
    ).toEqual([
      'target "both": names exactly one of autoScalingGroup, rdsInstance, rdsCluster; found autoScalingGroup, rdsInstance',
      'target "none": names exactly one of autoScalingGroup, rdsInstance, rdsCluster; found none',
      'target "glob" autoScalingGroup: names one resource, not a pattern: for names CloudFormation generates use { stack, logicalId }, for the resource in the alarm { fromAlarm: <dimension> }',
      "target \"alarmed\" autoScalingGroup: names one resource; { fromAlarm } belongs in a rule's step, not here",
    ]);
    expect(issuesOf({ version: 1, targets: { Web_Tier: { autoScalingGroup: 'web-asg' } } })).toEqual([
      'target "Web_Tier": a target name must be lowercase letters, digits and single dashes, at most 64, e.g. app-db',
    ]);
  });
});

describe('target references in steps', () => {
  it('refuses a target of the wrong kind, naming the rule, the field and both kinds', () => {
    expect(
      issuesOf({
        version: 1,
        targets: TARGETS,
        rules: [
          rule('cluster-as-group', { scaleAutoScalingGroup: { group: 'orders', by: 1 } }),
          rule('instance-as-cluster', { addReadReplica: { cluster: 'app-db' } }),
        ],
        schedules: [{ name: 'peak', cron: '0 8 * * ? *', do: [{ setReadReplicas: { source: 'web', count: 2 } }] }],
      }),
    ).toEqual([
      'rule "cluster-as-group" (rules[0]) do[0].scaleAutoScalingGroup.group: target "orders" is an rdsCluster; group takes an autoScalingGroup target',
      'rule "instance-as-cluster" (rules[1]) do[0].addReadReplica.cluster: target "app-db" is an rdsInstance; cluster takes an rdsCluster target',
      'schedule "peak" (schedules[0]) do[0].setReadReplicas.source: target "web" is an autoScalingGroup; source takes an rdsInstance target',
    ]);
  });

  it('refuses { fromAlarm } with the wrong dimension, an unknown one, or where no alarm triggers', () => {
    expect(
      issuesOf({
        version: 1,
        rules: [
          rule('wrong-dimension', { scaleAutoScalingGroup: { group: { fromAlarm: 'DBClusterIdentifier' }, by: 1 } }),
          rule('rds-event', { addReadReplica: { source: { fromAlarm: 'DBInstanceIdentifier' } } }, { rdsEvent: { category: 'failover' } }),
        ],
        schedules: [{ name: 'peak', cron: '0 8 * * ? *', do: [{ setCapacity: { group: { fromAlarm: 'AutoScalingGroupName' }, min: 2 } }] }],
      }),
    ).toEqual([
      'rule "wrong-dimension" (rules[0]) do[0].scaleAutoScalingGroup.group: group takes { fromAlarm: AutoScalingGroupName }, not DBClusterIdentifier',
      'rule "rds-event" (rules[1]) do[0].addReadReplica.source: { fromAlarm: DBInstanceIdentifier } takes the resource from the triggering alarm, and an RDS event rule has no alarm',
      'schedule "peak" (schedules[0]) do[0].setCapacity.group: { fromAlarm: AutoScalingGroupName } takes the resource from the triggering alarm, and a schedule has no alarm',
    ]);
  });

  it('refuses an unknown dimension, listing the known ones', () => {
    expect(issuesOf({ version: 1, rules: [rule('unknown-dimension', { addReadReplica: { source: { fromAlarm: 'InstanceId' } } })] })).toEqual([
      'rule "unknown-dimension" (rules[0]) do[0].addReadReplica.source.fromAlarm: must be one of AutoScalingGroupName | DBInstanceIdentifier | DBClusterIdentifier',
    ]);
  });

  it('refuses a glob where one resource belongs, and a half-written stack reference', () => {
    expect(
      issuesOf({
        version: 1,
        rules: [
          rule('glob-group', { scaleAutoScalingGroup: { group: 'wordpress-AutoScalingGroup-*', by: 1 } }),
          rule('half-stack', { scaleAutoScalingGroup: { group: { stack: 'wordpress' }, by: 1 } }),
          rule('number', { scaleAutoScalingGroup: { group: 7, by: 1 } }),
          rule('bad-alarm', { alert: { severity: 'info' } }, { alarm: { stack: 'wordpress' } }),
        ],
      }),
    ).toEqual([
      'rule "glob-group" (rules[0]) do[0].scaleAutoScalingGroup.group: names one resource, not a pattern: for names CloudFormation generates use { stack, logicalId }, for the resource in the alarm { fromAlarm: <dimension> }',
      'rule "half-stack" (rules[1]) do[0].scaleAutoScalingGroup.group.logicalId: Invalid input: expected string, received undefined',
      'rule "number" (rules[2]) do[0].scaleAutoScalingGroup.group: must be an identifier, a target name, { stack, logicalId } or { fromAlarm: AutoScalingGroupName | DBInstanceIdentifier | DBClusterIdentifier }',
      'rule "bad-alarm" (rules[3]) on: must be { alarm: <name>, state: ALARM|OK|INSUFFICIENT_DATA } or { rdsEvent: { category, eventId, source } }',
    ]);
  });
});
