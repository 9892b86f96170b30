/**
 * The runner's dependencies for `plan`, built as runDependencies() in runner/runtime.ts builds
 * them for a function, but from the CLI's policy and AWS: the same clients, the same kill
 * switch reader and a ledger to read cooldowns and the budget from. planRule only reads them.
 */
import { Ledger } from '../../ledger/ledger';
import type { Policy } from '../../policy/schema';
import { killSwitchReader } from '../../runner/kill-switch';
import type { RunDependencies } from '../../runner/run-rule';
import type { AwsTarget } from '../aws';

/** The sandbox world's table; a deployed stack's is `<service>-<stage>-ledger`, named through LEDGER_TABLE. */
export const DEFAULT_LEDGER_TABLE = 'ops-autopilot-ledger';

export function planDependencies(policy: Policy, aws: AwsTarget, now: Date, env: NodeJS.ProcessEnv = process.env): (account?: string) => RunDependencies {
  const ledger = new Ledger(aws.clients.ledger, env.LEDGER_TABLE || DEFAULT_LEDGER_TABLE);
  // One reader for the whole plan: the kill switch is asked at most once, as in one invocation.
  const isPaused = killSwitchReader(aws.clients.ssm, policy.settings.killSwitchParameter);
  return (account) => ({
    clients: aws.clients,
    ledger,
    settings: policy.settings,
    region: aws.region,
    account,
    // One instant for the whole plan, so every step is judged against the same cooldowns and hour.
    now: () => now,
    isPaused,
  });
}
