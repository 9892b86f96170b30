/**
 * `ops-autopilot selftest --stage <stage>`: checks a deployed stage end to end without
 * changing a resource. A temporary alarm that only dry-run rules match (readiness.ts) is set to
 * ALARM; the run waits for its `dry-run` report on the stage's alert topic (through a temporary
 * queue subscribed to it, the real hop), asks slack-notifier's record whether Slack got it,
 * and removes the alarm, subscription and queue whatever happened, Ctrl-C included.
 */
import { lazyRun, type Command } from '../command';

export const NAME = 'selftest';

/** The self-test alarm's name begins so; the policy's self-test rule matches it. */
export const SELFTEST_ALARM_PREFIX = 'ops-autopilot-selftest-';

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const TIMEOUT_BOUNDS = { min: 5, max: 900 };

const HELP = `Usage: ops-autopilot selftest --stage <stage> [--policy file] [--timeout seconds] [--json]

Checks a deployed stage end to end, changing no resource: creates a temporary alarm
${SELFTEST_ALARM_PREFIX}<stage>-<id> (on a metric nobody publishes), sets it to ALARM, waits
for the dry-run report on the stage's alert topic (ops-autopilot-<stage>-alerts) through a
temporary SQS queue subscribed to it, and reads slack-notifier's record of posting it to
Slack. The alarm, the subscription and the queue are removed at the end, also on failure,
timeout or Ctrl-C. Each hop is printed ok or failed, with the reason.

Nothing can change because the run starts only when every rule of the policy that matches the
self-test alarm is dry-run (its own dryRun: true, or settings.dryRun) and one of them has a
changing step; deploy a policy with such a rule first, e.g.:

  - name: selftest
    on: { alarm: "${SELFTEST_ALARM_PREFIX}*" }
    dryRun: true
    repeat: false
    do:
      - scaleAutoScalingGroup: { group: web, by: 1 }

The check is made on the policy given here: it must be the one the stage runs.

Options:
  --stage <stage>      the deployed stage (required)
  --policy <file>      the stage's policy (default: $POLICY_PATH, else infra/policy.yml)
  --timeout <seconds>  how long to wait for the report, ${TIMEOUT_BOUNDS.min}-${TIMEOUT_BOUNDS.max} (default: ${DEFAULT_TIMEOUT_SECONDS})
  --json               print the hops as one JSON object on stdout
  -h, --help           show this help

Exit codes:
  0  every hop worked (Slack may be "unknown" in webhook mode, which keeps no record)
  1  a hop failed (named, with its reason), or the policy is invalid
  2  usage error
  3  AWS unreachable or refused a call (region, credentials, network, access)
  4  the policy has no dry-run rule for ${SELFTEST_ALARM_PREFIX}*, or a rule that could act on it

Examples:
  ops-autopilot selftest --stage prod
  ops-autopilot selftest --stage dev --timeout 60 --json | jq '.hops[] | select(.status == "failed")'
`;

export const selftestCommand: Command = {
  name: NAME,
  summary: 'check a deployed stage end to end with a dry-run alarm, changing nothing',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
