/** One alert of each kind the functions report, as they would appear on the topic. */
import { consoleLinks } from '../../../functions/alerts/links';
import type { Alert } from '../../../functions/model/alert';

const region = 'us-east-1';

export const actionDone: Alert = {
  version: 1,
  kind: 'action',
  severity: 'warning',
  title: 'Added a read replica to app-db',
  summary: 'Read pressure on app-db: added replica app-db-ops-7f3a (1 → 2 replicas).',
  incident: 'alarm:app-db-read-pressure',
  resource: { type: 'rds-instance', id: 'app-db', arn: 'arn:aws:rds:us-east-1:123456789012:db:app-db' },
  trigger: { kind: 'alarm', id: 'alarm:app-db-read-pressure:2024-05-01T08:00:00.000Z', name: 'app-db-read-pressure', state: 'ALARM' },
  action: {
    type: 'addReadReplica',
    rule: 'db-add-reader',
    outcome: 'done',
    reason: 'ReadIOPS above 2000 for 5 minutes; 1 of at most 4 replicas',
    before: { replicas: 1, instanceClass: 'db.t3.medium', replicaIds: ['app-db-replica-1'] },
    after: { replicas: 2, instanceClass: 'db.t3.medium', replicaIds: ['app-db-replica-1', 'app-db-ops-7f3a'] },
  },
  links: [...consoleLinks({ type: 'rds-instance', id: 'app-db' }, region), ...consoleLinks({ type: 'alarm', id: 'app-db-read-pressure' }, region)],
  time: '2024-05-01T08:00:05.123Z',
};

export const actionSkipped: Alert = {
  ...actionDone,
  severity: 'info',
  title: 'Did not scale web-asg: cooling down',
  summary: 'web-cpu-high is in ALARM, but web-asg changed 2 minutes ago.',
  incident: 'alarm:web-cpu-high',
  resource: { type: 'auto-scaling-group', id: 'web-asg' },
  trigger: { kind: 'alarm', id: 'alarm:web-cpu-high:2024-05-01T08:10:00.000Z', name: 'web-cpu-high', state: 'ALARM' },
  action: {
    type: 'scaleAutoScalingGroup',
    rule: 'web-scale-out',
    outcome: 'skipped',
    reason: 'cooldown: last change 120 s ago, cooldown 300 s',
    before: { min: 2, desired: 4, max: 12 },
    after: {},
  },
  links: consoleLinks({ type: 'auto-scaling-group', id: 'web-asg' }, region),
  time: '2024-05-01T08:10:01.000Z',
};

export const actionFailed: Alert = {
  ...actionDone,
  severity: 'critical',
  title: 'Could not remove a read replica from app-db',
  summary: 'Read pressure is gone, but removing the newest managed replica failed.',
  trigger: { kind: 'alarm', id: 'alarm:app-db-read-pressure:2024-05-01T09:00:00.000Z', name: 'app-db-read-pressure', state: 'OK' },
  action: {
    type: 'removeReadReplica',
    rule: 'db-remove-reader',
    outcome: 'failed',
    reason: 'InvalidDBInstanceState: Instance app-db-ops-7f3a is not in available state. (HTTP 400)',
    before: { replicas: 2 },
    after: {},
  },
  links: [],
  time: '2024-05-01T09:00:02.000Z',
};

export const actionDryRun: Alert = {
  version: 1,
  kind: 'action',
  severity: 'info',
  title: 'Would set web-asg capacity for weekday-peak',
  summary: 'Dry run: web-asg would go from 2/2/10 to 4/6/12 (min/desired/max).',
  incident: 'schedule:weekday-peak:2024-05-06',
  resource: { type: 'auto-scaling-group', id: 'web-asg' },
  trigger: { kind: 'schedule', id: 'schedule:weekday-peak:2024-05-06T08:00:00+09:00', name: 'weekday-peak' },
  action: {
    type: 'setCapacity',
    rule: 'weekday-peak',
    outcome: 'dry-run',
    reason: 'settings.dryRun is true',
    before: { min: 2, desired: 2, max: 10 },
    after: { min: 4, desired: 6, max: 12 },
  },
  links: consoleLinks({ type: 'auto-scaling-group', id: 'web-asg' }, region),
  time: '2024-05-05T23:00:00.000Z',
};

export const alertInfo: Alert = {
  version: 1,
  kind: 'alert',
  severity: 'info',
  title: 'app-db-read-pressure is OK again',
  summary: 'ReadIOPS back under 2000.',
  incident: 'alarm:app-db-read-pressure',
  resource: { type: 'alarm', id: 'app-db-read-pressure' },
  trigger: { kind: 'alarm', id: 'alarm:app-db-read-pressure:2024-05-01T09:00:00.000Z', name: 'app-db-read-pressure', state: 'OK' },
  links: [],
  time: '2024-05-01T09:00:00.000Z',
};

export const alertWarning: Alert = {
  ...alertInfo,
  severity: 'warning',
  title: 'Storage running low on app-db',
  summary: 'RDS reports low free storage on app-db (RDS-EVENT-0007).',
  incident: 'rds:app-db:low-storage',
  resource: { type: 'rds-instance', id: 'app-db' },
  trigger: { kind: 'rds-event', id: 'rds:app-db:RDS-EVENT-0007:2024-05-01T10:00:00.000Z', name: 'RDS-EVENT-0007' },
  links: consoleLinks({ type: 'rds-instance', id: 'app-db' }, region),
  time: '2024-05-01T10:00:00.000Z',
};

export const alertCritical: Alert = {
  version: 1,
  kind: 'alert',
  severity: 'critical',
  title: 'Failover completed on orders-aurora',
  summary: 'The writer of orders-aurora moved to orders-aurora-reader-1.',
  incident: 'rds:orders-aurora:failover',
  resource: { type: 'rds-cluster', id: 'orders-aurora', arn: 'arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora' },
  trigger: { kind: 'rds-event', id: 'rds:orders-aurora:RDS-EVENT-0071:2024-05-01T11:00:30.000Z', name: 'RDS-EVENT-0071' },
  links: consoleLinks({ type: 'rds-cluster', id: 'orders-aurora' }, region),
  time: '2024-05-01T11:00:30.000Z',
  details: { newWriter: 'orders-aurora-reader-1', previousWriter: 'orders-aurora-writer', failoverSeconds: 31 },
};

export const allAlerts = { actionDone, actionSkipped, actionFailed, actionDryRun, alertInfo, alertWarning, alertCritical };
