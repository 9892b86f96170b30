import { join } from 'node:path';
import { loadPolicyFile, parsePolicyText } from '../../../functions/policy/load';
import { buildStackConfig, type FunctionEvent } from '../../../infra/stack/config';
import { stackNames } from '../../../infra/stack/naming';
import { SCHEDULE_RETRY, schedulerResources, scheduleInput } from '../../../infra/stack/scheduler';

const names = stackNames('ops-autopilot', 'dev');
const defaultPolicy = () => loadPolicyFile(join(__dirname, '../../../infra/policy.yml'));


const describedAs = (event: FunctionEvent | undefined): string => (event && 'eventBridge' in event ? event.eventBridge.description : '');

describe('schedulerResources', () => {
  it('makes one Scheduler schedule per policy schedule, in its time zone, with retries and a dead-letter queue', () => {
    const resources = schedulerResources(defaultPolicy(), names);

    expect(Object.keys(resources).sort()).toEqual(['ScheduleGroup', 'SchedulerRole', 'WeekdayOffPeakSchedule', 'WeekdayPeakSchedule']);
    expect(resources.WeekdayPeakSchedule).toEqual({
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: 'weekday-peak',
        GroupName: { Ref: 'ScheduleGroup' },
        Description: expect.stringContaining('weekday-peak'),
        ScheduleExpression: 'cron(0 8 ? * MON-FRI *)',
        ScheduleExpressionTimezone: 'Asia/Seoul',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': ['ScheduledDashscalingLambdaFunction', 'Arn'] },
          RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
          Input: '{"schedule":"weekday-peak","scheduledTime":"<aws.scheduler.scheduled-time>"}',
          RetryPolicy: SCHEDULE_RETRY,
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ScheduledScalingFailureQueue', 'Arn'] } },
        },
      },
    });
    expect(resources.ScheduleGroup).toEqual({ Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: 'ops-autopilot-dev' } });
  });

  it('lets Scheduler, for this account only, invoke scheduled-scaling and write its dead letters, nothing else', () => {
    const role = schedulerResources(defaultPolicy(), names).SchedulerRole;
    expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(role?.Properties.Policies).toEqual([
      {
        PolicyName: 'invoke-scheduled-scaling',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [{ 'Fn::GetAtt': ['ScheduledDashscalingLambdaFunction', 'Arn'] }] },
            { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['ScheduledScalingFailureQueue', 'Arn'] }] },
          ],
        },
      },
    ]);
  });

  it('sends the contract input, which scheduled-scaling reads as {"schedule": name}', () => {
    expect(JSON.parse(scheduleInput('night'))).toEqual({ schedule: 'night', scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('creates nothing for a policy without schedules, and refuses names that share a CloudFormation id', () => {
    expect(schedulerResources(parsePolicyText('version: 1', 'empty.yml'), names)).toEqual({});
    const clash = parsePolicyText(
      `version: 1
schedules:
  - { name: night-1, cron: "0 22 * * ? *", do: [{ setCapacity: { group: a, max: 0 } }] }
  - { name: night1, cron: "0 23 * * ? *", do: [{ setCapacity: { group: a, max: 0 } }] }`,
      'clash.yml',
    );
    expect(() => schedulerResources(clash, names)).toThrow('schedules "night1" and another schedule map to the same CloudFormation id Night1Schedule; rename one');
  });
});

describe('buildStackConfig', () => {
  it('hands serverless.yml the events per function and the derived resources', () => {
    const config = buildStackConfig(defaultPolicy(), { service: 'ops-autopilot', stage: 'dev', slackWebhookParameter: '/ops-autopilot/slack-webhook' });

    expect(Object.keys(config.events)).toEqual(['alarmRemediation', 'rdsEvents', 'scheduledScaling', 'slackNotifier', 'reconcile']);
    expect(config.events.alarmRemediation).toHaveLength(2);
    expect(describedAs(config.events.alarmRemediation?.[0])).toBe('ops-autopilot alarm state changes for policy rules: db-remove-reader, orders-remove-reader');
    expect(config.events.rdsEvents).toHaveLength(2);
    expect(config.events.scheduledScaling).toEqual([]);
    expect(config.events.slackNotifier).toEqual([]);
    expect(config.events.reconcile).toEqual([{ schedule: { rate: ['rate(1 minute)'], description: expect.stringContaining('reconcile') } }]);
    expect(Object.keys(config.resources.Resources)).toEqual(
      expect.arrayContaining(['AlarmRemediationRole', 'SlackNotifierFailureQueue', 'RdsEventsThrottlesAlarm', 'WeekdayPeakSchedule']),
    );
  });

  it('keeps rule descriptions within the 512 characters EventBridge allows', () => {
    const rules = Array.from({ length: 40 }, (_, i) => `  - { name: rule-with-a-long-name-${i}, on: { alarm: a }, do: [{ alert: { severity: info } }] }`).join('\n');
    const config = buildStackConfig(parsePolicyText(`version: 1\nrules:\n${rules}`, 'many.yml'), { service: 's', stage: 'd', slackWebhookParameter: '/p' });
    const description = describedAs(config.events.alarmRemediation?.[0]) ?? '';
    expect(description).toHaveLength(512);
    expect(description.endsWith('...')).toBe(true);
  });
});
