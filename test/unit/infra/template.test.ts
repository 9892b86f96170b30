/**
 * The packaged CloudFormation template (.serverless/, written by `npm run package` before jest
 * runs): it lints clean, it is wired as the contract says, and its IAM is least privilege.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFile } from '../../../functions/policy/load';
import { POLICY_IN_ZIP } from '../../../infra/stack/artifacts';
import type { CfnValue } from '../../../infra/stack/cfn';
import { functionIam, policyDocument } from '../../../infra/stack/iam';
import { FUNCTIONS, logicalIds, SERIAL_FUNCTIONS, stackNames, type FunctionName } from '../../../infra/stack/naming';
import { UPDATE_TEMPLATE } from '../../../infra/stack/package';
import { readPackagedStack, resourcesOfType, type Template } from '../../../infra/stack/packaged';
import { alarmEventPatterns, rdsEventPatterns } from '../../../infra/stack/patterns';

const root = join(__dirname, '../../..');
const policy = loadPolicyFile(join(root, 'infra/policy.yml'));
const names = stackNames('ops-autopilot', 'dev');

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: CfnValue;
  Condition?: CfnValue;
}

const props = (template: Template, id: string): Record<string, CfnValue> => {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`the template has no resource ${id}`);
  return resource.Properties ?? {};
};

/** Every statement of every IAM role, with the role it belongs to. */
function roleStatements(template: Template): { role: string; statement: Statement }[] {
  return resourcesOfType(template, 'AWS::IAM::Role').flatMap(([role, resource]) => {
    // A template is data: this is the shape CloudFormation requires of a role's Policies.
    const policies = (resource.Properties?.Policies ?? []) as unknown as { PolicyDocument: { Statement: Statement[] } }[];
    return policies.flatMap((p) => p.PolicyDocument.Statement.map((statement) => ({ role, statement })));
  });
}

const asList = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
const isReadOnly = (action: string) => /^[a-z0-9-]+:(Describe|Get|List)/.test(action);

describe('the packaged template', () => {
  const { template, dir } = readPackagedStack();

  it('passes cfn-lint without errors (the only warnings are the DependsOn osls adds to each function)', () => {
    const lint = spawnSync('cfn-lint', ['--format', 'json', join(dir, UPDATE_TEMPLATE)], { encoding: 'utf8' });
    if (lint.error) throw new Error(`cfn-lint could not run (pip install cfn-lint): ${lint.error.message}`);
    const findings = JSON.parse(lint.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[];
    expect(findings.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
    // W3005: osls lists the role in DependsOn although Role's GetAtt already orders it.
    expect(findings.filter((f) => f.Level !== 'Error' && f.Rule.Id !== 'W3005').map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });

  it('runs every function on nodejs22.x arm64 from its own zip, with the contract environment', () => {
    for (const fn of FUNCTIONS) {
      const properties = props(template, logicalIds(fn).function);
      expect(properties).toMatchObject({
        FunctionName: names.function(fn),
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Code: { S3Bucket: { Ref: 'ServerlessDeploymentBucket' }, S3Key: expect.stringMatching(new RegExp(`/${fn}\\.zip$`)) },
        Role: { 'Fn::GetAtt': [logicalIds(fn).role, 'Arn'] },
      });
      expect(properties.Environment).toEqual({
        Variables: {
          POLICY_PATH: POLICY_IN_ZIP,
          ALERT_TOPIC_ARN: { Ref: 'AlertTopic' },
          LEDGER_TABLE: { Ref: 'LedgerTable' },
          ...(fn === 'slack-notifier' ? { SLACK_WEBHOOK_PARAMETER: '/ops-autopilot/slack-webhook', SLACK_BOT_TOKEN_PARAMETER: '', SLACK_CHANNEL: '' } : {}),
        },
      });
      expect(properties.ReservedConcurrentExecutions).toBe(SERIAL_FUNCTIONS.includes(fn) ? 1 : undefined);
    }
  });

  it('retries each function twice on async failures, then parks the event in its own queue, watched by an alarm', () => {
    for (const fn of FUNCTIONS) {
      const ids = logicalIds(fn);
      const config = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(([, r]) => JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ Ref: ids.function }));
      // reconcile's retry is its next run, a minute later.
      expect(config?.[1].Properties).toMatchObject({ MaximumRetryAttempts: fn === 'reconcile' ? 0 : 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.failureQueue, 'Arn'] } } } });
      expect(props(template, ids.failureQueue)).toMatchObject({ QueueName: names.failureQueue(fn), SqsManagedSseEnabled: true });
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties ?? {});
      const watching = (metric: string, dimension: CfnValue) =>
        alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension)));
      const watched: [string, CfnValue][] = [
        ['ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [ids.failureQueue, 'QueueName'] }],
        ['Errors', { Ref: ids.function }],
        ['Throttles', { Ref: ids.function }],
      ];
      for (const [metric, dimension] of watched) {
        expect([fn, metric, watching(metric, dimension).map((a) => a.AlarmActions)]).toEqual([fn, metric, [[{ Ref: 'AlertTopic' }]]]);
      }
    }
  });

  it('keeps logs for 30 days', () => {
    for (const fn of FUNCTIONS) expect(props(template, logicalIds(fn).logGroup)).toEqual({ LogGroupName: names.logGroup(fn), RetentionInDays: 30 });
  });

  it('declares the ledger table of the contract: pk/sk strings, TTL expiresAt, on demand, point-in-time recovery, encrypted', () => {
    expect(props(template, 'LedgerTable')).toEqual({
      TableName: names.ledgerTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('subscribes slack-notifier to the alert topic, and email, SMS (critical only) and the alarm topic only when given', () => {
    expect(props(template, 'SlackNotifierSubscription')).toMatchObject({
      TopicArn: { Ref: 'AlertTopic' },
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalIds('slack-notifier').function, 'Arn'] },
    });
    expect(template.Resources.AlertEmailSubscription?.Condition).toBe('HasAlertEmail');
    expect(template.Resources.AlertSmsSubscription).toMatchObject({ Condition: 'HasAlertSms', Properties: { Protocol: 'sms', FilterPolicy: { severity: ['critical'] } } });
    expect(template.Resources.AlarmTopicSubscription).toMatchObject({
      Condition: 'HasAlarmTopic',
      Properties: { Endpoint: { 'Fn::GetAtt': [logicalIds('alarm-remediation').function, 'Arn'] } },
    });
    expect(template.Parameters).toMatchObject({ AlertEmail: { Default: '' }, AlertSmsNumber: { Default: '' }, AlarmTopicArn: { Default: '' } });
  });

  it('derives the EventBridge rules and Scheduler schedules from infra/policy.yml', () => {
    const targetOf = (rule: Record<string, CfnValue>) => JSON.stringify(rule.Targets);
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties ?? {});
    const alarmRules = rules.filter((r) => targetOf(r).includes(logicalIds('alarm-remediation').function));
    const rdsRules = rules.filter((r) => targetOf(r).includes(logicalIds('rds-events').function));
    expect(alarmRules.map((r) => r.EventPattern)).toEqual(alarmEventPatterns(policy).map((p) => p.pattern));
    expect(rdsRules.map((r) => r.EventPattern)).toEqual(rdsEventPatterns(policy).map((p) => p.pattern));
    const reconcileRules = rules.filter((r) => targetOf(r).includes(logicalIds('reconcile').function));
    expect(reconcileRules.map((r) => r.ScheduleExpression)).toEqual(['rate(1 minute)']);
    expect(rules).toHaveLength(alarmRules.length + rdsRules.length + reconcileRules.length);

    const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties ?? {});
    expect(schedules.map((s) => [s.Name, s.ScheduleExpression, s.ScheduleExpressionTimezone])).toEqual(
      policy.schedules.map((s) => [s.name, `cron(${s.cron})`, s.timezone]),
    );
  });
});

describe('IAM in the packaged template', () => {
  const { template } = readPackagedStack();
  const statements = roleStatements(template);

  it('allows no * action anywhere', () => {
    const wild = statements.filter(({ statement }) => asList(statement.Action).some((a) => a === '*' || a.endsWith(':*')));
    expect(wild).toEqual([]);
  });

  it('allows no changing action on every resource', () => {
    const broad = statements
      .filter(({ statement }) => asList(statement.Resource).includes('*'))
      .flatMap(({ role, statement }) => asList(statement.Action).filter((a) => !isReadOnly(a)).map((a) => `${role}: ${a}`));
    expect(broad).toEqual([]);
  });

  it("gives each function's role exactly the statements derived for that function", () => {
    const derived = functionIam(policy, { names, slackWebhookParameter: '/ops-autopilot/slack-webhook' });
    for (const fn of FUNCTIONS) {
      expect(props(template, logicalIds(fn).role).Policies).toEqual([{ PolicyName: fn, PolicyDocument: policyDocument(derived[fn]) }]);
    }
  });

  it('keeps each action with the functions that call it', () => {
    const holders = (action: string) =>
      [...new Set(statements.filter(({ statement }) => asList(statement.Action).includes(action)).map(({ role }) => role))].sort();
    const role = (fn: FunctionName) => logicalIds(fn).role;
    // reconcile runs the alarm rules' and the schedules' steps too.
    expect(holders('autoscaling:SetDesiredCapacity')).toEqual([role('alarm-remediation'), role('reconcile')].sort());
    expect(holders('autoscaling:UpdateAutoScalingGroup')).toEqual([role('reconcile'), role('scheduled-scaling')].sort());
    expect(holders('kms:Decrypt')).toEqual([role('slack-notifier')]);
    expect(holders('lambda:InvokeFunction')).toEqual(['SchedulerRole']);
    expect(holders('sns:Publish')).toEqual([role('alarm-remediation'), role('rds-events'), role('scheduled-scaling'), role('reconcile')].sort());
    expect(holders('dynamodb:PutItem')).toEqual([role('alarm-remediation'), role('rds-events'), role('scheduled-scaling'), role('reconcile')].sort());
  });

  it('lets every replica create name the option, parameter and subnet groups the Service Authorization Reference requires', () => {
    const group = (kind: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:${kind}:*` });
    const creates = statements.filter(({ statement }) => asList(statement.Action).includes('rds:CreateDBInstanceReadReplica'));
    expect(creates.map(({ role }) => role).sort()).toEqual([logicalIds('alarm-remediation').role, logicalIds('reconcile').role, logicalIds('scheduled-scaling').role].sort());
    for (const { statement } of creates) expect(statement.Resource).toEqual(expect.arrayContaining([group('og'), group('pg'), group('subgrp')]));
    const readers = statements.filter(({ statement }) => asList(statement.Action).includes('rds:CreateDBInstance'));
    expect(readers).not.toHaveLength(0);
    for (const { statement } of readers) expect(statement.Resource).toEqual(expect.arrayContaining([group('pg')]));
  });

  it('never contains the Slack webhook URL, only the name of the parameter that holds it', () => {
    const text = readFileSync(join(readPackagedStack().dir, UPDATE_TEMPLATE), 'utf8');
    expect(text).not.toMatch(/hooks\.slack\.com|https:\/\/hooks\./);
    expect(text).toContain('/ops-autopilot/slack-webhook');
  });
});
