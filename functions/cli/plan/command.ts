/** `ops-autopilot plan <event.json> | --reconcile [--policy file] [--stage stage] [--json]`: its name and help; run.ts does the work. */
import { lazyRun, type Command } from '../command';

export const NAME = 'plan';

const HELP = `Usage: ops-autopilot plan <event.json> [--policy file] [--stage stage] [--json]
       ops-autopilot plan --reconcile [--policy file] [--stage stage] [--json]

Shows what the functions would do with an event, now, without doing it: which function
takes it (the alarm, RDS event and schedule parsers are each asked), which rules or which
schedule it triggers, and for each step the verdict (would-change, would-skip, would-alert,
cannot-decide), the reason and the state before → after. It reads the current state from
AWS and the guards (kill switch, dry run, cooldown, hourly budget) from SSM and the ledger
with the same code the functions run; it changes nothing and writes nothing.

Cooldowns, the hourly budget and duplicates are known only from the ledger: with --stage (or
LEDGER_TABLE) plan reads that table; with neither it reads none, says so, and marks each
would-change step "would change unless a cooldown, the budget or a duplicate holds it".
With a ledger, a step a run has already finished is shown as a duplicate.

With --reconcile, instead of an event: what a reconcile run would do now — the transitions of
alarms in a rule's state and their repeats, the latest due schedule firings, RDS events listed
since its last run, the replica announcements and escalations it has not made yet.

Arguments:
  event.json       an event as a function receives it (see events/ for samples)

Options:
  --policy <file>  the policy (default: $POLICY_PATH, else infra/policy.yml)
  --stage <stage>  read the deployed stage's ledger, ops-autopilot-<stage>-ledger (wins over LEDGER_TABLE)
  --reconcile      plan a reconcile run now (no event file)
  --json           print the plan as one JSON object on stdout
  -h, --help       show this help

Environment:
  LEDGER_TABLE     the ledger to read cooldowns and the budget from, without --stage
                   (npm run sandbox prints it); unset and no --stage: no ledger is read
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL …  the AWS to read, as for the SDK

Exit codes:
  0  every signal planned and every step decided (including "no rule matches")
  1  the event file is missing or not JSON, no function accepts the event (each parser's
     reason is printed), a record or schedule would be rejected, a step cannot be decided,
     or the policy is invalid
  2  usage error
  3  AWS unreachable (no region configured)

Examples:
  ops-autopilot plan events/alarm/eventbridge-app-db-read-pressure-alarm.json
  ops-autopilot plan events/schedule/direct.json --policy infra/policy.yml --json
  ops-autopilot plan events/alarm/eventbridge-app-db-read-pressure-alarm.json --stage prod
  ops-autopilot plan --reconcile --stage prod
`;

export const planCommand: Command = {
  name: NAME,
  summary: 'show which rules an event triggers and what each step would do now (read-only)',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
