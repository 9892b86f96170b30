/**
 * The request `plan` reads through, built as a function's runtime is built (runner/runtime.ts)
 * but from the CLI's policy and AWS: the same clients, the same kill switch reader and the
 * ledger chosen to read cooldowns and the budget from (none: ledger-choice.ts). planStep only reads them.
 */
import { dynamoDbLedger } from '../../ledger/dynamodb/dynamodb-ledger';
import type { PolicyFunction } from '../../function-names';
import type { PolicyDocument } from '../../policy/schema';
import { targetResolverFor } from '../../runner/runtime';
import { killSwitchReader } from '../../runner/kill-switch';
import type { InvocationRequest } from '../../runner/request';
import type { AwsTarget } from '../aws';
import type { LedgerChoice } from './ledger-choice';
import { unreadLedger } from './unread-ledger';

export function planRequests(policy: PolicyDocument, aws: AwsTarget, now: Date, choice: LedgerChoice): (fn: PolicyFunction, account?: string) => InvocationRequest {
  const ledger = choice.read ? dynamoDbLedger(aws.clients.ledger, choice.table) : unreadLedger;
  // One reader for the whole plan: the kill switch is asked at most once, as in one invocation.
  const isPaused = killSwitchReader(aws.clients.ssm, policy.settings.killSwitchParameter);
  const resolver = targetResolverFor(policy, () => now);
  return (fn, account) => ({
    function: fn,
    policy,
    // The CLI reads the policy from YAML: croner answers when a schedule last fired.
    firings: {},
    resolver,
    clients: aws.clients,
    ledger,
    topicArn: '',
    region: aws.region,
    account,
    // One instant for the whole plan, so every step is judged against the same cooldowns and hour.
    now: () => now,
    isPaused,
    attempt: 'plan',
    deadline: Number.POSITIVE_INFINITY,
  });
}
