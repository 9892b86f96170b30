/**
 * The doctor's findings, from facts already read (doctor-facts.ts): pure, so every row is
 * decided the same way in tests and in the CLI. Each finding says what to do about it.
 */
import type { ResourceRef } from '../../model/vocabulary';
import type { ResolvedStep } from './resolve-steps';

export const WARNING_CODES = ['two-controllers', 'stack-resets-capacity', 'no-backups', 'max-above-group', 'aurora-autoscaling'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  /** `error` fails validate (exit 1); `warning` is printed and exits 0. */
  severity: 'warning' | 'error';
  message: string;
  resource: { type: ResourceRef['type']; id: string };
}

export interface GroupFacts {
  name: string;
  maxSize: number;
  /** The stack that created the group, from its aws:cloudformation tags or its `{ stack, logicalId }` target. */
  stack?: { name: string; logicalId: string; setsDesiredCapacity: boolean };
  /** ARNs of the group's own Auto Scaling policies. */
  scalingPolicies: string[];
}

export interface DoctorFacts {
  steps: ResolvedStep[];
  /** The groups this policy changes. */
  groups: GroupFacts[];
  /** The alarms the rules act on, with those rules. */
  alarms: { name: string; actions: string[]; rules: string[] }[];
  /** Replica sources (plain RDS) with their automated-backup retention. */
  sources: { id: string; backupRetentionDays: number }[];
  /** Clusters this policy changes that Application Auto Scaling also manages. */
  autoScaledClusters: string[];
}

const AUTO_SCALING_ACTION = 'arn:aws:autoscaling:';

function policyName(arn: string): string {
  return arn.split(':policyName/')[1] ?? arn;
}

function twoControllers(facts: DoctorFacts): Warning[] {
  return facts.alarms.flatMap((alarm) =>
    alarm.actions
      .filter((action) => action.startsWith(AUTO_SCALING_ACTION))
      .flatMap((action) => facts.groups.filter((group) => group.scalingPolicies.includes(action)).map((group) => ({ action, group })))
      .map(({ action, group }): Warning => ({
        code: 'two-controllers',
        severity: 'warning',
        message:
          `alarm ${alarm.name} (rule ${alarm.rules.join(', ')}) also runs the Auto Scaling policy ${policyName(action)} of group ${group.name}, ` +
          `so one alarm scales the group twice; remove that action from the alarm's AlarmActions (in its template) or drop the rule's step on the group`,
        resource: { type: 'alarm', id: alarm.name },
      })),
  );
}

function stackResetsCapacity(facts: DoctorFacts): Warning[] {
  return facts.groups.flatMap((group): Warning[] =>
    group.stack?.setsDesiredCapacity
      ? [
          {
            code: 'stack-resets-capacity',
            severity: 'warning',
            message:
              `group ${group.name} belongs to stack ${group.stack.name}, whose template sets DesiredCapacity on ${group.stack.logicalId}: ` +
              `every stack update resets the capacity ops-autopilot set; remove DesiredCapacity from the template (MinSize and MaxSize are enough)`,
            resource: { type: 'auto-scaling-group', id: group.name },
          },
        ]
      : [],
  );
}

function noBackups(facts: DoctorFacts): Warning[] {
  return facts.sources
    .filter((source) => source.backupRetentionDays === 0)
    .map((source): Warning => ({
      code: 'no-backups',
      severity: 'error',
      message: `RDS instance ${source.id} has automated backups off (BackupRetentionPeriod 0), and RDS refuses read replicas of it; set BackupRetentionPeriod to 1 or more`,
      resource: { type: 'rds-instance', id: source.id },
    }));
}

function maxAboveGroup(facts: DoctorFacts): Warning[] {
  const groups = new Map(facts.groups.map((group) => [group.name, group]));
  // A timetable that raises the group's MaxSize makes a higher step max reachable.
  const raisedTo = (name: string) =>
    Math.max(0, ...facts.steps.flatMap(({ step }) => (step.type === 'setCapacity' && step.options.group === name && step.options.max !== undefined ? [step.options.max] : [])));
  return facts.steps.flatMap(({ item, index, step }): Warning[] => {
    if (step.type !== 'scaleAutoScalingGroup' || step.options.max === undefined) return [];
    const group = groups.get(step.options.group);
    const max = step.options.max;
    if (!group || max <= Math.max(group.maxSize, raisedTo(group.name))) return [];
    return [
      {
        code: 'max-above-group',
        severity: 'warning',
        message: `${item} do[${index}] scales ${group.name} up to max ${max}, above the group's MaxSize ${group.maxSize}, so it can never get there; raise the group's MaxSize or lower the step's max`,
        resource: { type: 'auto-scaling-group', id: group.name },
      },
    ];
  });
}

function auroraAutoScaling(facts: DoctorFacts): Warning[] {
  return facts.autoScaledClusters.map((cluster): Warning => ({
    code: 'aurora-autoscaling',
    severity: 'warning',
    message:
      `cluster ${cluster} is registered with Aurora Auto Scaling (Application Auto Scaling, resource cluster:${cluster}), which adds and removes readers too; ` +
      `let one of them manage the readers: deregister the scalable target or drop this policy's steps on the cluster`,
    resource: { type: 'rds-cluster', id: cluster },
  }));
}

export function doctorWarnings(facts: DoctorFacts): Warning[] {
  return [...twoControllers(facts), ...stackResetsCapacity(facts), ...noBackups(facts), ...maxAboveGroup(facts), ...auroraAutoScaling(facts)];
}
