import { join } from 'node:path';
import type { IamStatement } from '../../../functions/actions/types';
import { loadPolicyFile, parsePolicyText } from '../../../functions/policy/load';
import { subPlaceholders } from '../../../infra/stack/cfn';
import { functionIam, LEDGER_ACTIONS, mergeStatements, policyDocument } from '../../../infra/stack/iam';
import { FUNCTIONS, stackNames } from '../../../infra/stack/naming';

const names = stackNames('ops-autopilot', 'dev');
const inputs = { names, slackWebhookParameter: '/ops-autopilot/slack-webhook' };
const defaultPolicy = () => loadPolicyFile(join(__dirname, '../../../infra/policy.yml'));

/** Read-only by name: every other action changes something. */
export const isReadOnly = (action: string) => /^[a-z0-9-]+:(Describe|Get|List)/.test(action);

const actionsOn = (statements: IamStatement[], resource: string) =>
  statements.filter((s) => s.resources.includes(resource)).flatMap((s) => s.actions);
const allActions = (statements: IamStatement[]) => [...new Set(statements.flatMap((s) => s.actions))].sort();

const GROUP = 'arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/web-asg';
const KILL_SWITCH = 'arn:aws:ssm:{region}:{account}:parameter/ops-autopilot/paused';
const SLACK = 'arn:aws:ssm:{region}:{account}:parameter/ops-autopilot/slack-webhook';

describe('functionIam from the default policy', () => {
  const iam = functionIam(defaultPolicy(), inputs);

  it('gives alarm-remediation what its alarm rules run, scoped to the group and databases they name', () => {
    const statements = iam['alarm-remediation'];
    expect(actionsOn(statements, GROUP)).toEqual(['autoscaling:SetDesiredCapacity']);
    expect(actionsOn(statements, 'arn:aws:rds:{region}:{account}:db:app-db')).toEqual(['rds:CreateDBInstanceReadReplica']);
    expect(actionsOn(statements, 'arn:aws:rds:{region}:{account}:cluster:orders-aurora')).toEqual(['rds:CreateDBInstance']);
    expect(statements).toContainEqual({
      actions: ['rds:DeleteDBInstance'],
      resources: ['arn:aws:rds:{region}:{account}:db:app-db-ap-*', 'arn:aws:rds:{region}:{account}:db:orders-aurora-ap-*'],
      condition: { StringEquals: { 'aws:ResourceTag/ops-autopilot:managed': 'true' } },
    });
    expect(actionsOn(statements, KILL_SWITCH)).toEqual(['ssm:GetParameter']);
    expect(allActions(statements)).not.toContain('autoscaling:UpdateAutoScalingGroup');
  });

  it('gives scheduled-scaling what the schedules run and nothing the alarm rules need', () => {
    const statements = iam['scheduled-scaling'];
    expect(actionsOn(statements, GROUP)).toEqual(['autoscaling:UpdateAutoScalingGroup']);
    expect(actionsOn(statements, KILL_SWITCH)).toEqual(['ssm:GetParameter']);
    expect(actionsOn(statements, 'arn:aws:rds:{region}:{account}:cluster:orders-aurora')).toEqual([]);
  });

  it('gives rds-events, whose rules only alert, no mutation and no kill switch, but the describe calls of enrichment', () => {
    const statements = iam['rds-events'];
    expect(allActions(statements).filter((a) => !isReadOnly(a))).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
    expect(actionsOn(statements, KILL_SWITCH)).toEqual([]);
    expect(allActions(statements)).toEqual(expect.arrayContaining(['rds:DescribeDBClusters', 'rds:DescribeDBInstances']));
  });

  it('lets only slack-notifier read the webhook parameter, decrypting only through SSM for that parameter', () => {
    expect(iam['slack-notifier']).toEqual(
      expect.arrayContaining([
        { actions: ['ssm:GetParameter'], resources: [SLACK] },
        {
          actions: ['kms:Decrypt'],
          resources: ['arn:aws:kms:{region}:{account}:key/*'],
          condition: { StringEquals: { 'kms:ViaService': 'ssm.{region}.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': SLACK } },
        },
      ]),
    );
    expect(allActions(iam['slack-notifier'])).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'ssm:GetParameter']);
    for (const fn of ['alarm-remediation', 'rds-events', 'scheduled-scaling'] as const) {
      expect(actionsOn(iam[fn], SLACK)).toEqual([]);
      expect(allActions(iam[fn])).not.toContain('kms:Decrypt');
    }
  });

  it('lets the remediation functions publish alerts and use the ledger with only the calls the ledger makes', () => {
    for (const fn of ['alarm-remediation', 'rds-events', 'scheduled-scaling'] as const) {
      expect(actionsOn(iam[fn], 'arn:aws:dynamodb:{region}:{account}:table/ops-autopilot-dev-ledger')).toEqual(LEDGER_ACTIONS);
      expect(actionsOn(iam[fn], 'arn:aws:sns:{region}:{account}:ops-autopilot-dev-alerts')).toEqual(['sns:Publish']);
    }
  });

  it("writes each function's logs and failure queue, never another function's", () => {
    for (const fn of FUNCTIONS) {
      const resources = iam[fn].flatMap((s) => s.resources);
      for (const other of FUNCTIONS.filter((o) => o !== fn)) {
        expect(resources.filter((r) => r.includes(names.function(other)) || r.includes(names.failureQueue(other)))).toEqual([]);
      }
      expect(actionsOn(iam[fn], `arn:aws:logs:{region}:{account}:log-group:${names.logGroup(fn)}:*`)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(actionsOn(iam[fn], `arn:aws:sqs:{region}:{account}:${names.failureQueue(fn)}`)).toEqual(['sqs:SendMessage']);
    }
  });

  it('gives reconcile the alarm states, the watched incidents and, for rdsEvent rules, the RDS events with the reads of their flow', () => {
    const statements = iam.reconcile;
    expect(actionsOn(statements, 'arn:aws:cloudwatch:{region}:{account}:alarm:*')).toEqual(['cloudwatch:DescribeAlarms']);
    expect(actionsOn(statements, `arn:aws:dynamodb:{region}:{account}:table/${names.ledgerTable}`)).toContain('dynamodb:Query');
    expect(actionsOn(statements, '*')).toEqual(['autoscaling:DescribeAutoScalingGroups', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeEvents']);
    expect(iam['alarm-remediation'].flatMap((s) => s.actions)).not.toContain('dynamodb:Query');

    const withoutRdsRules = parsePolicyText('version: 1\nrules:\n  - { name: a, on: { alarm: web-* }, do: [{ alert: { severity: warning } }] }', 'alarms-only.yml');
    expect(allActions(functionIam(withoutRdsRules, inputs).reconcile)).not.toContain('rds:DescribeEvents');
  });

  it('grants no * action, and no changing action on every resource', () => {
    for (const fn of FUNCTIONS) {
      for (const statement of iam[fn]) {
        expect(statement.actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
        if (statement.resources.includes('*')) expect([fn, statement.actions.filter((a) => !isReadOnly(a))]).toEqual([fn, []]);
      }
    }
  });
});

describe('functionIam from other policies', () => {
  it('reads no kill switch and changes nothing when every step only alerts', () => {
    const policy = parsePolicyText(
      `version: 1
rules:
  - { name: a, on: { alarm: web-* }, do: [{ alert: { severity: warning } }] }`,
      'alert-only.yml',
    );
    const statements = functionIam(policy, inputs)['alarm-remediation'];
    expect(allActions(statements)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
  });

  it('follows the kill switch parameter the policy names', () => {
    const policy = parsePolicyText(
      `version: 1
settings: { killSwitchParameter: /team/pause }
schedules:
  - { name: night, cron: "0 22 * * ? *", do: [{ setCapacity: { group: batch, max: 0 } }] }`,
      'custom.yml',
    );
    const statements = functionIam(policy, inputs)['scheduled-scaling'];
    expect(actionsOn(statements, 'arn:aws:ssm:{region}:{account}:parameter/team/pause')).toEqual(['ssm:GetParameter']);
    expect(actionsOn(statements, 'arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/batch')).toEqual([
      'autoscaling:UpdateAutoScalingGroup',
    ]);
  });
});

describe('functionIam for replicas, by the resource types the Service Authorization Reference lists', () => {
  const rds = (resource: string) => `arn:aws:rds:{region}:{account}:${resource}`;
  const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const policyWith = (step: object) =>
    parsePolicyText(
      `version: 1
rules:
  - { name: add, on: { alarm: shop-db-reads }, do: [${JSON.stringify(step)}] }`,
      'replicas.yml',
    );

  it('lets CreateDBInstanceReadReplica use the source, our replicas and the option, parameter and subnet groups it requires', () => {
    const statements = functionIam(defaultPolicy(), inputs)['alarm-remediation'];
    expect(statements).toContainEqual({
      actions: ['rds:CreateDBInstanceReadReplica'],
      resources: [rds('db:app-db'), rds('db:app-db-ap-*'), rds('og:*'), rds('pg:*'), rds('subgrp:*')],
    });
  });

  it('lets CreateDBInstance add an Aurora reader with the parameter group it names, and no other group', () => {
    const statements = functionIam(defaultPolicy(), inputs)['alarm-remediation'];
    expect(statements).toContainEqual({
      actions: ['rds:CreateDBInstance'],
      resources: [rds('cluster:orders-aurora'), rds('db:orders-aurora-ap-*'), rds('pg:*')],
    });
    expect(actionsOn(statements, rds('og:*'))).toEqual(['rds:CreateDBInstanceReadReplica']);
    expect(actionsOn(statements, rds('subgrp:*'))).toEqual(['rds:CreateDBInstanceReadReplica']);
  });

  it('grants exactly the RDS calls the replica actions make, tagging only the replicas we name', () => {
    const statements = functionIam(defaultPolicy(), inputs)['alarm-remediation'];
    expect(allActions(statements).filter((a) => a.startsWith('rds:'))).toEqual([
      'rds:AddTagsToResource',
      'rds:CreateDBInstance',
      'rds:CreateDBInstanceReadReplica',
      'rds:DeleteDBInstance',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
    ]);
    expect(statements).toContainEqual({ actions: ['rds:AddTagsToResource'], resources: [rds('db:app-db-ap-*'), rds('db:orders-aurora-ap-*')] });
  });

  it('grants KMS only for a step that names the key, on that key and only through RDS', () => {
    const byDefault = functionIam(defaultPolicy(), inputs);
    for (const fn of ['alarm-remediation', 'rds-events', 'scheduled-scaling'] as const) expect(allActions(byDefault[fn]).filter((a) => a.startsWith('kms:'))).toEqual([]);

    const withKey = functionIam(policyWith({ addReadReplica: { source: 'shop-db', kmsKey: KEY } }), inputs);

    expect(withKey['alarm-remediation']).toContainEqual({
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: [KEY],
      condition: { StringEquals: { 'kms:ViaService': 'rds.{region}.amazonaws.com' } },
    });
    expect(allActions(withKey['scheduled-scaling']).filter((a) => a.startsWith('kms:'))).toEqual([]);
    expect(allActions(functionIam(policyWith({ addReadReplica: { source: 'shop-db' } }), inputs)['alarm-remediation']).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});

describe('functionIam for slack-notifier in Web API mode', () => {
  const TOKEN = 'arn:aws:ssm:{region}:{account}:parameter/ops-autopilot/slack-bot-token';
  const TABLE = 'arn:aws:dynamodb:{region}:{account}:table/ops-autopilot-dev-ledger';
  const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const webApi = { ...inputs, slackBotTokenParameter: '/ops-autopilot/slack-bot-token' };

  it('adds nothing in webhook mode: no token, no table', () => {
    const statements = functionIam(defaultPolicy(), inputs)['slack-notifier'];

    expect(actionsOn(statements, TOKEN)).toEqual([]);
    expect(allActions(statements).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('reads the token parameter and keeps threads in the ledger table with Get, Put and Update only', () => {
    const statements = functionIam(defaultPolicy(), webApi)['slack-notifier'];

    expect(actionsOn(statements, TOKEN)).toEqual(['ssm:GetParameter']);
    expect(actionsOn(statements, TABLE)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(statements.filter((s) => s.actions.includes('kms:Decrypt')).flatMap((s) => s.resources)).toEqual(['arn:aws:kms:{region}:{account}:key/*']);
  });

  it('decrypts the token with the customer managed key only when one is configured, through SSM and for that parameter', () => {
    const statements = functionIam(defaultPolicy(), { ...webApi, slackKmsKeyArn: KEY })['slack-notifier'];

    expect(statements).toContainEqual({
      actions: ['kms:Decrypt'],
      resources: [KEY],
      condition: { StringEquals: { 'kms:ViaService': 'ssm.{region}.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': TOKEN } },
    });
  });

  it('gives no other function the token or the thread store', () => {
    const iam = functionIam(defaultPolicy(), { ...webApi, slackKmsKeyArn: KEY });

    for (const fn of ['alarm-remediation', 'rds-events', 'scheduled-scaling'] as const) {
      expect(actionsOn(iam[fn], TOKEN)).toEqual([]);
      expect(actionsOn(iam[fn], KEY)).toEqual([]);
    }
  });
});

describe('mergeStatements', () => {
  it('joins actions on the same resources and resources with the same actions, sorted, whatever the order', () => {
    const a: IamStatement = { actions: ['rds:B', 'rds:A'], resources: ['r1'] };
    const b: IamStatement = { actions: ['rds:C'], resources: ['r1'] };
    const c: IamStatement = { actions: ['rds:A', 'rds:B', 'rds:C'], resources: ['r2'] };
    const d: IamStatement = { actions: ['rds:A'], resources: ['r1'], condition: { StringEquals: { k: 'v' } } };
    const expected = [
      { actions: ['rds:A', 'rds:B', 'rds:C'], resources: ['r1', 'r2'] },
      { actions: ['rds:A'], resources: ['r1'], condition: { StringEquals: { k: 'v' } } },
    ];
    expect(mergeStatements([a, b, c, d])).toEqual(expected);
    expect(mergeStatements([d, c, b, a])).toEqual(expected);
  });
});

describe('policyDocument', () => {
  it('fills in partition, region and account with Fn::Sub, in resources and condition values', () => {
    expect(
      policyDocument([
        { actions: ['kms:Decrypt'], resources: ['arn:aws:kms:{region}:{account}:key/*'], condition: { StringEquals: { 'kms:ViaService': 'ssm.{region}.amazonaws.com' } } },
        { actions: ['autoscaling:DescribeAutoScalingGroups'], resources: ['*'] },
      ]),
    ).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' }],
          Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } } },
        },
        { Effect: 'Allow', Action: ['autoscaling:DescribeAutoScalingGroups'], Resource: ['*'] },
      ],
    });
  });

  it('keeps IAM policy variables away from Fn::Sub, and plain strings plain', () => {
    expect(subPlaceholders('arn:aws:s3:::bucket/${aws:username}/{account}')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::bucket/${!aws:username}/${AWS::AccountId}' });
    expect(subPlaceholders('*')).toBe('*');
  });
});

describe('functionIam for published readers', () => {
  const ZONE = 'arn:aws:route53:::hostedzone/Z0000000000000EXAMPLE';
  const READERS = 'arn:aws:ssm:{region}:{account}:parameter/app/db-readers';
  const withReaders = (rules: string) =>
    parsePolicyText(
      `version: 1
targets:
  app-db:
    rdsInstance: app-db
    readerEndpoint: { hostedZoneId: Z0000000000000EXAMPLE, name: Reader.App-DB.internal., ttl: 5 }
    readersParameter: /app/db-readers
rules:
${rules}`,
      'readers.yml',
    );
  const addAndRemove = withReaders(`  - { name: add, on: { alarm: app-db-reads }, do: [{ addReadReplica: { source: app-db } }] }
  - { name: remove, on: { rdsEvent: { eventId: RDS-EVENT-0045 } }, do: [{ removeReadReplica: { source: app-db } }] }`);

  it('lets reconcile and the functions that remove replicas change only CNAME records of the endpoint name, in that zone only', () => {
    const iam = functionIam(addAndRemove, inputs);
    for (const fn of ['reconcile', 'rds-events'] as const) {
      expect(iam[fn]).toContainEqual({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [ZONE],
        condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': 'reader.app-db.internal', 'route53:ChangeResourceRecordSetsRecordTypes': 'CNAME' },
        },
      });
      expect(actionsOn(iam[fn], ZONE).sort()).toEqual(['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets']);
      expect(actionsOn(iam[fn], READERS)).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
    }
  });

  it('gives a function that only adds replicas no Route 53 and no readers parameter', () => {
    const statements = functionIam(addAndRemove, inputs)['alarm-remediation'];
    expect(allActions(statements).filter((a) => a.startsWith('route53:'))).toEqual([]);
    expect(actionsOn(statements, READERS)).toEqual([]);
  });

  it('lets a removal tag our replica as draining and reconcile delete it after the drain, on our replicas with the managed tag only', () => {
    const iam = functionIam(addAndRemove, inputs);
    const drain = { actions: ['rds:AddTagsToResource', 'rds:DeleteDBInstance'], resources: ['arn:aws:rds:{region}:{account}:db:app-db-ap-*'], condition: { StringEquals: { 'aws:ResourceTag/ops-autopilot:managed': 'true' } } };
    expect(iam['rds-events']).toContainEqual(drain);
    // reconcile runs no rdsEvent rule, but finishes the drains its removals leave.
    expect(iam.reconcile).toContainEqual(drain);
  });

  it('adds nothing for readers when no target publishes them', () => {
    const iam = functionIam(defaultPolicy(), inputs);
    for (const fn of FUNCTIONS) expect(allActions(iam[fn]).filter((a) => a.startsWith('route53:'))).toEqual([]);
  });

  it('never grants a changing reader call on every resource', () => {
    const iam = functionIam(addAndRemove, inputs);
    for (const fn of FUNCTIONS) {
      const wide = iam[fn].filter((s) => s.resources.some((r) => r === '*' || r.endsWith(':*')) && s.actions.some((a) => !isReadOnly(a)));
      expect(wide.flatMap((s) => s.actions).filter((a) => a.startsWith('route53:') || a === 'ssm:PutParameter')).toEqual([]);
    }
  });
});
