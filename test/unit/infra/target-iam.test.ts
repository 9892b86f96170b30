/** IAM for steps whose resources are named through a stack or the triggering alarm: scoped by tags, never a bare `*`. */
import type { IamStatement } from '../../../functions/actions/types';
import { parsePolicyText } from '../../../functions/policy/load';
import { functionIam } from '../../../infra/stack/iam';
import { stackNames } from '../../../infra/stack/naming';

const inputs = { names: stackNames('ops-autopilot', 'dev'), slackWebhookParameter: '/ops-autopilot/slack-webhook' };
const isReadOnly = (action: string) => /^[a-z0-9-]+:(Describe|Get|List)/.test(action);

const policy = parsePolicyText(
  `version: 1
targets:
  book-web: { autoScalingGroup: { stack: wordpress, logicalId: AutoScalingGroup } }
  book-db: { rdsInstance: { stack: wordpress, logicalId: Database } }
rules:
  - name: book-scale-out
    on: { alarm: { stack: wordpress, logicalId: CPUHighAlarm } }
    do:
      - scaleAutoScalingGroup: { group: { fromAlarm: AutoScalingGroupName }, by: 1, max: 4 }
  - name: any-scale-out
    on: { alarm: "web-*-cpu-high" }
    do:
      - scaleAutoScalingGroup: { group: { fromAlarm: AutoScalingGroupName }, by: 1 }
  - name: book-db-reader
    on: { alarm: { stack: wordpress, logicalId: DatabaseReadLatencyAlarm } }
    do:
      - addReadReplica: { source: book-db, max: 3 }
schedules:
  - name: book-peak
    cron: "0 8 * * ? *"
    do:
      - setCapacity: { group: book-web, min: 2, max: 4 }
      - setReadReplicas: { source: book-db, count: 1 }
`,
  'stack-targets.yml',
);
const iam = functionIam(policy, inputs);
const statementsWith = (statements: IamStatement[], action: string) => statements.filter((s) => s.actions.includes(action));

describe('functionIam for stack and fromAlarm targets', () => {
  it('scopes a stack target by the CloudFormation tags of its stack and logical id, so a replaced resource stays covered', () => {
    expect(statementsWith(iam['scheduled-scaling'], 'autoscaling:UpdateAutoScalingGroup')).toEqual([
      {
        actions: ['autoscaling:UpdateAutoScalingGroup'],
        resources: ['arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/*'],
        condition: { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'wordpress', 'aws:ResourceTag/aws:cloudformation:logical-id': 'AutoScalingGroup' } },
      },
    ]);
  });

  it('lets a stack database make replicas only of itself, and only replicas that carry the managed tag', () => {
    const create = statementsWith(iam['alarm-remediation'], 'rds:CreateDBInstanceReadReplica');

    expect(create).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resources: ['arn:aws:rds:{region}:{account}:db:*'],
          condition: { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'wordpress', 'aws:ResourceTag/aws:cloudformation:logical-id': 'Database' } },
        }),
        expect.objectContaining({ resources: expect.arrayContaining(['arn:aws:rds:{region}:{account}:db:*-ap-*']), condition: { StringEquals: { 'aws:RequestTag/ops-autopilot:managed': 'true' } } }),
      ]),
    );
    expect(statementsWith(iam['scheduled-scaling'], 'rds:DeleteDBInstance')).toEqual([
      expect.objectContaining({ resources: ['arn:aws:rds:{region}:{account}:db:*-ap-*'], condition: { StringEquals: { 'aws:ResourceTag/ops-autopilot:managed': 'true' } } }),
    ]);
  });

  it("scopes { fromAlarm } by the stack of the rule's stack alarm, and otherwise by the opt-in tag ops-autopilot:target", () => {
    const conditions = statementsWith(iam['alarm-remediation'], 'autoscaling:SetDesiredCapacity').map((s) => s.condition);

    expect(conditions).toEqual(
      expect.arrayContaining([
        { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'wordpress' } },
        { StringEquals: { 'aws:ResourceTag/ops-autopilot:target': 'true' } },
      ]),
    );
    expect(conditions).toHaveLength(2);
  });

  it('lets only the functions that resolve stack targets list the resources of those stacks', () => {
    const lists = (fn: keyof typeof iam) => statementsWith(iam[fn], 'cloudformation:ListStackResources').flatMap((s) => s.resources);

    expect(lists('alarm-remediation')).toEqual(['arn:aws:cloudformation:{region}:{account}:stack/wordpress/*']);
    expect(lists('scheduled-scaling')).toEqual(['arn:aws:cloudformation:{region}:{account}:stack/wordpress/*']);
    expect(lists('rds-events')).toEqual([]);
  });

  it('never allows a mutating action on a wildcard resource without a condition', () => {
    for (const [fn, statements] of Object.entries(iam)) {
      for (const statement of statements) {
        const mutating = statement.actions.filter((a) => !isReadOnly(a) && !a.startsWith('logs:') && !a.startsWith('sqs:') && !a.startsWith('sns:') && !a.startsWith('dynamodb:'));
        const wildcard = statement.resources.some((r) => r === '*' || /[:/]\*$/.test(r) || r.includes('*-ap-*'));
        if (mutating.length && wildcard) expect([fn, statement.actions, statement.condition]).toEqual([fn, statement.actions, expect.any(Object)]);
      }
    }
  });
});
