/**
 * The deployed stack's event wiring, rebuilt in the embedded AWS: the EventBridge rules the
 * stack derives from the policy (infra/stack), each delivering to its function's queue
 * because the emulator's EventBridge delivers to SQS targets only; and slack-notifier's
 * subscription to the alert topic, unfiltered as in the stack, delivering to a queue
 * because SNS-to-Lambda needs Docker in the emulator.
 */
import { PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Policy } from '../../../functions/policy/schema';
import type { FunctionName } from '../../../functions/function-names';
import { stackNames } from '../../stack/naming';
import { alarmEventPatterns, rdsEventPatterns, type DerivedPattern } from '../../stack/patterns';
import type { SandboxWorld } from '../sandbox';
import type { RuleRecord } from './journal';
import type { Route } from './queue-router';
import { snsEventFromEnvelope } from './sns-event';

const DEMO_STAGE = 'demo';
const NAMES = stackNames('ops-autopilot', DEMO_STAGE);

/** Which function each derivation feeds, as in infra/stack/config.ts; schedules invoke scheduled-scaling directly. */
const PATTERNS: [FunctionName, (policy: Policy) => DerivedPattern[]][] = [
  ['alarm-remediation', alarmEventPatterns],
  ['rds-events', rdsEventPatterns],
];


/** At least the function's timeout, as Lambda asks of a queue it polls, so a message is not handed out twice while it is handled. */
const VISIBILITY_TIMEOUT_SECONDS = 60;

export interface DemoClients {
  sqs: SQSClient;
  sns: SNSClient;
  events: EventBridgeClient;
}

export interface Wiring {
  routes: Route[];
  rules: RuleRecord[];
}

async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS) } }),
  );
  if (!url) throw new Error(`queue ${name} was not created`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${name} has no ARN`);
  return { url, arn };
}

async function wireEventBridge(policy: Policy, clients: DemoClients): Promise<Wiring> {
  const wiring: Wiring = { routes: [], rules: [] };
  for (const [fn, derive] of PATTERNS) {
    const derived = derive(policy);
    if (!derived.length) continue;
    const queue = await createQueue(clients.sqs, `${NAMES.function(fn)}-events`);
    for (const [i, { pattern, rules }] of derived.entries()) {
      const name = `${NAMES.function(fn)}-${i + 1}`;
      const description = `ops-autopilot ${fn} for policy rules: ${rules.join(', ')}`.slice(0, 512);
      await clients.events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), Description: description, State: 'ENABLED' }));
      await clients.events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: fn, Arn: queue.arn }] }));
      wiring.rules.push({ name, function: fn, pattern, policyRules: rules });
    }
    // EventBridge hands Lambda the event itself, which is what the rule put in the queue.
    wiring.routes.push({ function: fn, queueUrl: queue.url, via: 'eventbridge', toEvent: (body) => JSON.parse(body) });
  }
  return wiring;
}

async function wireSlackNotifier(world: SandboxWorld, clients: DemoClients): Promise<Route> {
  const fn: FunctionName = 'slack-notifier';
  const queue = await createQueue(clients.sqs, `${NAMES.function(fn)}-alerts`);
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: world.topicArn,
      Protocol: 'sqs',
      Endpoint: queue.arn,
      // Like SlackNotifierSubscription in infra/alerts.yml: no filter, the health alarms come too.
    }),
  );
  const subscriptionArn = SubscriptionArn ?? `${world.topicArn}:${fn}`;
  return { function: fn, queueUrl: queue.url, via: 'sns', toEvent: (body) => snsEventFromEnvelope(body, subscriptionArn) };
}

export async function wireLikeTheStack(policy: Policy, world: SandboxWorld, clients: DemoClients): Promise<Wiring> {
  const wiring = await wireEventBridge(policy, clients);
  wiring.routes.push(await wireSlackNotifier(world, clients));
  return wiring;
}
