/**
 * One EventBridge Scheduler schedule per policy schedule. Scheduler rather than a scheduled
 * EventBridge rule: it evaluates cron in the schedule's own time zone (rules only know UTC),
 * and it has a retry policy and a dead-letter queue of its own.
 */
import type { PolicyDocument } from '../../functions/policy/schema';
import { getAtt, ref, type CfnResources } from './cfn';
import { logicalIds, pascal, type StackNames } from './naming';

/**
 * Scheduler invokes Lambda asynchronously, so these retries cover only failures to hand the
 * event over (throttled Invoke API, missing permission); errors in the function are Lambda's
 * async retries and on-failure queue. A schedule more than an hour late is left to the next one.
 */
export const SCHEDULE_RETRY = { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 } as const;

export const SCHEDULE_GROUP_ID = 'ScheduleGroup';
export const SCHEDULER_ROLE_ID = 'SchedulerRole';

/** The input scheduled-scaling receives (contract: `{"schedule":"<name>"}`); Scheduler fills in the firing time. */
export function scheduleInput(name: string): string {
  return JSON.stringify({ schedule: name, scheduledTime: '<aws.scheduler.scheduled-time>' });
}

export function scheduleLogicalId(name: string): string {
  return `${pascal(name)}Schedule`;
}

export function schedulerResources(policy: PolicyDocument, names: StackNames): CfnResources {
  if (policy.schedules.length === 0) return {};
  const target = logicalIds('scheduled-scaling');
  const resources: CfnResources = {
    // A group per stage: schedule names come straight from the policy and stay unique per stage.
    [SCHEDULE_GROUP_ID]: { Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: names.scheduleGroup } },
    [SCHEDULER_ROLE_ID]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `EventBridge Scheduler invokes ${names.function('scheduled-scaling')}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              // Only schedules of this account may use the role (confused deputy).
              Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'invoke-scheduled-scaling',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [getAtt(target.function, 'Arn')] },
                // Scheduler writes dead-letter events with the schedule's role.
                { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [getAtt(target.failureQueue, 'Arn')] },
              ],
            },
          },
        ],
      },
    },
  };
  for (const schedule of policy.schedules) {
    const id = scheduleLogicalId(schedule.name);
    // pascal() drops dashes, so `a-1` and `a1` would share an id; refuse rather than overwrite.
    if (resources[id]) throw new Error(`schedules "${schedule.name}" and another schedule map to the same CloudFormation id ${id}; rename one`);
    resources[id] = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: schedule.name,
        GroupName: ref(SCHEDULE_GROUP_ID),
        Description: `ops-autopilot policy schedule "${schedule.name}": ${schedule.cron} (${schedule.timezone})`,
        ScheduleExpression: `cron(${schedule.cron})`,
        ScheduleExpressionTimezone: schedule.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(target.function, 'Arn'),
          RoleArn: getAtt(SCHEDULER_ROLE_ID, 'Arn'),
          Input: scheduleInput(schedule.name),
          RetryPolicy: { ...SCHEDULE_RETRY },
          // The function's failure queue: one place to look when scheduled-scaling did not run.
          DeadLetterConfig: { Arn: getAtt(target.failureQueue, 'Arn') },
        },
      },
    };
  }
  return resources;
}
