/**
 * Everything serverless.yml takes from the policy, in one object: the functions' EventBridge
 * events and the derived CloudFormation resources (roles, failure queues, alarms, schedules).
 * infra/stack-config.js hands its parts to osls; tests call it directly.
 */
import type { IamStatement } from '../../functions/actions/types';
import { ConfigurationError } from '../../functions/errors';
import { loadPolicyFile } from '../../functions/policy/load';
import { isAlarmRule } from '../../functions/policy/match';
import type { PolicyDocument } from '../../functions/policy/schema';
import type { CfnResources } from './cfn';
import { functionIam } from './iam';
import { camel, FUNCTIONS, stackNames, type FunctionName } from './naming';
import { alarmEventPatterns, rdsEventPatterns, type DerivedPattern, type EventPattern } from './patterns';
import { perFunctionResources } from './resources';
import { schedulerResources } from './scheduler';

export interface StackInputs {
  /** The policy file: derived from here, and shipped in every zip. */
  policyFile: string;
  service: string;
  stage: string;
  /** SSM parameter name of the Slack webhook (the URL itself never reaches the template). */
  slackWebhookParameter: string;
  /** SSM parameter name of the Slack bot token; empty for webhook mode. @default '' */
  slackBotTokenParameter?: string;
  /** The channel ID the Web API posts to; set exactly when the bot token parameter is. @default '' */
  slackChannel?: string;
  /** Customer managed KMS key of the bot token parameter; empty for aws/ssm. @default '' */
  slackKmsKeyArn?: string;
}

/** An osls `eventBridge` function event (https://github.com/oss-serverless/serverless, events/event-bridge). */
export interface EventBridgeEvent {
  eventBridge: { description: string; pattern: EventPattern };
}

/** osls's schedule event: an EventBridge rule on a rate. */
export interface ScheduleEvent {
  schedule: { rate: string[]; description: string };
}

export type FunctionEvent = EventBridgeEvent | ScheduleEvent;

/** reconcile runs every minute when the policy gives it anything to converge: alarm rules, schedules or replicas. */
export function reconcileEvents(policy: PolicyDocument): ScheduleEvent[] {
  const work = policy.rules.some(isAlarmRule) || policy.schedules.length > 0 || policy.rules.some((rule) => rule.do.some((step) => step.type.includes('Replica')));
  return work ? [{ schedule: { rate: ['rate(1 minute)'], description: 'ops-autopilot reconcile: repeats, missed transitions, schedule catch-up, replica lifecycle' } }] : [];
}

export interface StackConfig {
  policy: PolicyDocument;
  /** Per function, keyed alarmRemediation, rdsEvents, …: the `events` of serverless.yml. */
  events: Record<string, FunctionEvent[]>;
  iam: Record<FunctionName, IamStatement[]>;
  /** Merged into serverless.yml `resources`. */
  resources: { Resources: CfnResources };
}

/** EventBridge rule descriptions are at most 512 characters. */
function describe(what: string, { rules }: DerivedPattern): string {
  const text = `ops-autopilot ${what} for policy rules: ${rules.join(', ')}`;
  return text.length > 512 ? `${text.slice(0, 509)}...` : text;
}

export function buildStackConfig(policy: PolicyDocument, inputs: Omit<StackInputs, 'policyFile'>): StackConfig {
  const names = stackNames(inputs.service, inputs.stage);
  if (Boolean(inputs.slackBotTokenParameter?.trim()) !== Boolean(inputs.slackChannel?.trim())) {
    throw new ConfigurationError('params slackBotTokenParameter and slackChannel go together: set both for the Slack Web API, or neither for the webhook');
  }
  const iam = functionIam(policy, {
    names,
    slackWebhookParameter: inputs.slackWebhookParameter,
    slackBotTokenParameter: inputs.slackBotTokenParameter,
    slackKmsKeyArn: inputs.slackKmsKeyArn,
  });
  const events: Record<FunctionName, FunctionEvent[]> = {
    'alarm-remediation': alarmEventPatterns(policy).map((derived) => ({
      eventBridge: { description: describe('alarm state changes', derived), pattern: derived.pattern },
    })),
    'rds-events': rdsEventPatterns(policy).map((derived) => ({
      eventBridge: { description: describe('RDS events', derived), pattern: derived.pattern },
    })),
    // Schedules are Scheduler resources, and slack-notifier subscribes to the alert topic (infra/alerts.yml).
    'scheduled-scaling': [],
    'slack-notifier': [],
    reconcile: reconcileEvents(policy),
  };
  return {
    policy,
    events: Object.fromEntries(FUNCTIONS.map((fn) => [camel(fn), events[fn]])),
    iam,
    resources: { Resources: { ...perFunctionResources(iam, names), ...schedulerResources(policy, names) } },
  };
}

export function stackConfigFromFile(inputs: StackInputs): StackConfig {
  return buildStackConfig(loadPolicyFile(inputs.policyFile), inputs);
}
