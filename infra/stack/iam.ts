/**
 * Least privilege per function, derived from the policy: each function's role is the union of
 * what the action registry (functions/actions/registry.ts) says its steps need, plus what every
 * function does (log, park failed events), what the remediation functions do (publish alerts,
 * keep the ledger, read the kill switch when a step mutates) and what only slack-notifier does
 * (read the webhook; with a bot token, read the token and keep its threads in the ledger table).
 * Steps that name their resource through a CloudFormation stack or the triggering alarm are
 * scoped by tags (target-iam.ts), and their function may list the resources of exactly those stacks.
 */
import { ACTIONS } from '../../functions/actions/registry';
import type { PolicyStep } from '../../functions/actions/steps';
import type { IamStatement } from '../../functions/actions/types';
import { isAlarmRule, isRdsEventRule } from '../../functions/policy/match';
import type { PolicyDocument } from '../../functions/policy/schema';
import { subPlaceholders, type CfnValue } from './cfn';
import { parameterArn, type FunctionName, type StackNames } from './naming';
import { readerStatements } from './reader-iam';
import { policyStepPermissions, stacksOf, type StepScope } from './target-iam';

/** The ledger's DynamoDB calls (functions/ledger/ledger.ts: Get, Put, Update, Delete; only reconcile queries, see reconcileReads). */
export const LEDGER_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** rds-events reads the instance or cluster an event names, to say more in its alert. */
export const RDS_ENRICHMENT: IamStatement[] = [
  { actions: ['rds:DescribeDBInstances'], resources: ['arn:aws:rds:{region}:{account}:db:*'] },
  { actions: ['rds:DescribeDBClusters'], resources: ['arn:aws:rds:{region}:{account}:cluster:*'] },
];

export type RemediationFunction = Exclude<FunctionName, 'slack-notifier'>;

/**
 * reconcile reads the alarms' states (DescribeAlarms takes the `alarm` resource type), the
 * managed replicas of the databases the policy changes (the replica steps' own Describe grants),
 * the watched incidents (one Query on the ledger table) and, for rdsEvent rules, the RDS events
 * it hands to the rds-events flow (DescribeEvents takes no resource type: `*`) with that flow's reads.
 */
function reconcileReads(policy: PolicyDocument, ledgerTable: string): IamStatement[] {
  return [
    { actions: ['cloudwatch:DescribeAlarms'], resources: ['arn:aws:cloudwatch:{region}:{account}:alarm:*'] },
    { actions: ['dynamodb:Query'], resources: [`arn:aws:dynamodb:{region}:{account}:table/${ledgerTable}`] },
    ...(policy.rules.some(isRdsEventRule) ? [{ actions: ['rds:DescribeEvents'], resources: ['*'] }, ...RDS_ENRICHMENT] : []),
  ];
}

export interface ScopedStep {
  step: PolicyStep;
  scope: StepScope;
}

/** Which policy items each function runs: alarm rules, rdsEvent rules, schedules; each step with what scopes it. */
export function stepsByFunction(policy: PolicyDocument): Record<RemediationFunction, ScopedStep[]> {
  const { targets } = policy;
  return {
    'alarm-remediation': policy.rules.filter(isAlarmRule).flatMap((rule) => rule.do.map((step) => ({ step, scope: { targets, trigger: rule.on } }))),
    'rds-events': policy.rules.filter(isRdsEventRule).flatMap((rule) => rule.do.map((step) => ({ step, scope: { targets } }))),
    'scheduled-scaling': policy.schedules.flatMap((schedule) => schedule.do.map((step) => ({ step, scope: { targets } }))),
    // reconcile runs what the others run, from the state of AWS.
    reconcile: [
      ...policy.rules.filter(isAlarmRule).flatMap((rule) => rule.do.map((step) => ({ step, scope: { targets, trigger: rule.on } }))),
      ...policy.rules.filter(isRdsEventRule).flatMap((rule) => rule.do.map((step) => ({ step, scope: { targets } }))),
      ...policy.schedules.flatMap((schedule) => schedule.do.map((step) => ({ step, scope: { targets } }))),
    ],
  };
}

/** ListStackResources on the stacks a function's steps name: how the resolver finds their physical ids. */
function stackLookups(steps: ScopedStep[]): IamStatement[] {
  const stacks = [...new Set(steps.flatMap(({ step, scope }) => stacksOf(step, scope.targets)))];
  return stacks.length ? [{ actions: ['cloudformation:ListStackResources'], resources: stacks.map((stack) => `arn:aws:cloudformation:{region}:{account}:stack/${stack}/*`) }] : [];
}

/**
 * Statements with the same resources and condition become one with the union of their
 * actions, then statements with the same actions and condition one with the union of their
 * resources; everything sorted, so the template does not change when the policy is reordered.
 */
export function mergeStatements(statements: IamStatement[]): IamStatement[] {
  const mergeBy = (items: IamStatement[], keyOf: (s: IamStatement) => string, join: (a: IamStatement, b: IamStatement) => IamStatement) => {
    const merged = new Map<string, IamStatement>();
    for (const item of items) {
      const existing = merged.get(keyOf(item));
      merged.set(keyOf(item), existing ? join(existing, item) : item);
    }
    return [...merged.values()];
  };
  const sorted = (values: string[]) => [...new Set(values)].sort();
  const normalised = statements.map((s) => ({ ...s, actions: sorted(s.actions), resources: sorted(s.resources) }));
  const byResources = mergeBy(
    normalised,
    (s) => JSON.stringify([s.resources, s.condition ?? null]),
    (a, b) => ({ ...a, actions: sorted([...a.actions, ...b.actions]) }),
  );
  const byActions = mergeBy(
    byResources,
    (s) => JSON.stringify([s.actions, s.condition ?? null]),
    (a, b) => ({ ...a, resources: sorted([...a.resources, ...b.resources]) }),
  );
  // Code-unit order, not the locale's: the template must not depend on where it is packaged.
  const order = (s: IamStatement) => JSON.stringify(s);
  return byActions.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** slack-notifier's thread store (functions/alerts/slack-threads.ts: Get, conditional Put, Update; never Delete). */
export const SLACK_THREAD_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

export interface IamInputs {
  names: StackNames;
  /** The SSM parameter (SecureString) holding the Slack webhook URL; only its name reaches the template. */
  slackWebhookParameter: string;
  /**
   * The SSM parameter (SecureString) holding the Slack bot token; empty for webhook mode.
   * @default ''
   */
  slackBotTokenParameter?: string;
  /**
   * The customer managed KMS key that encrypts the bot token parameter; empty when it is the
   * AWS managed key aws/ssm, whose key policy already lets the account's principals decrypt through SSM.
   * @default ''
   */
  slackKmsKeyArn?: string;
}

/** Reading the bot token, and the ledger table for threads: only when a bot token is configured. */
function webApiStatements(inputs: IamInputs): IamStatement[] {
  const tokenParameter = inputs.slackBotTokenParameter?.trim();
  if (!tokenParameter) return [];
  const tokenArn = parameterArn(tokenParameter);
  const keyArn = inputs.slackKmsKeyArn?.trim();
  return [
    { actions: ['ssm:GetParameter'], resources: [tokenArn] },
    { actions: SLACK_THREAD_ACTIONS, resources: [`arn:aws:dynamodb:{region}:{account}:table/${inputs.names.ledgerTable}`] },
    ...(keyArn
      ? [
          {
            actions: ['kms:Decrypt'],
            resources: [keyArn],
            condition: { StringEquals: { 'kms:ViaService': 'ssm.{region}.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': tokenArn } },
          },
        ]
      : []),
  ];
}

/** The statements of every function's role, with `{region}`/`{account}` placeholders. */
export function functionIam(policy: PolicyDocument, inputs: IamInputs): Record<FunctionName, IamStatement[]> {
  const { names } = inputs;
  const basics = (fn: FunctionName): IamStatement[] => [
    // The log group is declared by the stack, so the function only writes streams into it.
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`arn:aws:logs:{region}:{account}:log-group:${names.logGroup(fn)}:*`] },
    // Lambda sends the on-failure record with the function's own role.
    { actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:{region}:{account}:${names.failureQueue(fn)}`] },
  ];
  const runner: IamStatement[] = [
    { actions: ['sns:Publish'], resources: [`arn:aws:sns:{region}:{account}:${names.alertTopic}`] },
    { actions: LEDGER_ACTIONS, resources: [`arn:aws:dynamodb:{region}:{account}:table/${names.ledgerTable}`] },
  ];
  const killSwitch: IamStatement = { actions: ['ssm:GetParameter'], resources: [parameterArn(policy.settings.killSwitchParameter)] };

  const steps = stepsByFunction(policy);
  const remediation = (fn: RemediationFunction, extra: IamStatement[] = []): IamStatement[] => {
    return mergeStatements([
      ...basics(fn),
      ...runner,
      ...extra,
      // The runner reads the kill switch only before a change (functions/runner/kill-switch.ts).
      ...(steps[fn].some(({ step }) => ACTIONS[step.type].mutates) ? [killSwitch] : []),
      ...steps[fn].flatMap(({ step, scope }) => policyStepPermissions(step, scope)),
      ...readerStatements(policy, fn, steps),
      ...stackLookups(steps[fn]),
    ]);
  };

  const slackParameterArn = parameterArn(inputs.slackWebhookParameter);
  return {
    'alarm-remediation': remediation('alarm-remediation'),
    'rds-events': remediation('rds-events', RDS_ENRICHMENT),
    'scheduled-scaling': remediation('scheduled-scaling'),
    reconcile: remediation('reconcile', reconcileReads(policy, names.ledgerTable)),
    'slack-notifier': mergeStatements([
      // It only reads alerts and posts them: no publishing, and the ledger table only for Web API threads.
      ...basics('slack-notifier'),
      ...webApiStatements(inputs),
      { actions: ['ssm:GetParameter'], resources: [slackParameterArn] },
      {
        // The key is the parameter's (aws/ssm or a customer key); decrypting is allowed only
        // through SSM and only for this parameter, whichever key that is.
        actions: ['kms:Decrypt'],
        resources: ['arn:aws:kms:{region}:{account}:key/*'],
        condition: {
          StringEquals: {
            'kms:ViaService': 'ssm.{region}.amazonaws.com',
            'kms:EncryptionContext:PARAMETER_ARN': slackParameterArn,
          },
        },
      },
    ]),
  };
}

/** Statements as an IAM policy document whose ARNs and condition values are Fn::Sub of the stack's region and account. */
export function policyDocument(statements: IamStatement[]): CfnValue {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: 'Allow',
      Action: s.actions,
      Resource: s.resources.map(subPlaceholders),
      ...(s.condition
        ? {
            Condition: Object.fromEntries(
              Object.entries(s.condition).map(([operator, entries]) => [
                operator,
                Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, subPlaceholders(v)])),
              ]),
            ),
          }
        : {}),
    })),
  };
}
