/** `ops-autopilot invoke <function> <event.json> [--dry-run] [--policy file] [--json]`: its name and help; run.ts does the work. */
import { FUNCTIONS, type FunctionName } from '../../function-names';
import { lazyRun, type Command } from '../command';
import { REQUIRED_ENV } from './functions';

export const NAME = 'invoke';

const variables = (name: FunctionName) => REQUIRED_ENV[name].map((v) => v.name).join(', ');

const HELP = `Usage: ops-autopilot invoke <function> <event.json> [--dry-run] [--policy file] [--json]

Runs a built function bundle (dist/<function>/index.mjs) on an event, in this process, as
Lambda would: the module loads (the cold start reads the environment and the policy), then
the handler runs against whatever AWS the SDK is configured for — AWS_ENDPOINT_URL for the
embedded AWS, else the real account. Without --dry-run it CHANGES resources as the policy says.
Prints what the function returned; the function's own logs go to stderr (set
POWERTOOLS_LOG_LEVEL=INFO to see every decision, default WARN).

Arguments:
  function         ${FUNCTIONS.join(', ')}
  event.json       the event to pass to the handler (see events/ for samples)

Options:
  --dry-run        run with a temporary copy of the policy that sets settings.dryRun: true,
                   so the function decides and reports (outcome "dry-run") but changes no
                   resource; it still records the event in the ledger, so invoking the same
                   event again is handled as a duplicate delivery
  --policy <file>  the policy, passed as POLICY_PATH (default: $POLICY_PATH, else infra/policy.yml)
  --json           print the outcome as one JSON object on stdout
  -h, --help       show this help

Environment (required, as in the deployed stack):
${FUNCTIONS.map((name) => `  ${name.padEnd(17)}${variables(name)}`).join('\n')}

Exit codes:
  0  the handler returned (its summary may still report skipped, failed or rejected work)
  1  the handler or the module's init threw, the event file is missing or not JSON, or the
     policy is invalid
  2  usage error (unknown function, --dry-run or --policy with slack-notifier)
  4  the bundle is not built (run npm run build) or a required variable is not set

Examples:
  npm run build
  ALERT_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts LEDGER_TABLE=ops-autopilot-ledger \\
    ops-autopilot invoke alarm-remediation events/alarm/eventbridge-app-db-read-pressure-alarm.json --dry-run
`;

export const invokeCommand: Command = {
  name: NAME,
  summary: 'run a built function bundle on an event against the configured AWS (--dry-run changes nothing)',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
