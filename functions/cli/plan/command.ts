/** `ops-autopilot plan <event.json> | --reconcile [--policy file] [--stage stage] [--json]`. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { clientConfig } from '../../aws/client-config';
import type { PolicyDocument } from '../../policy/schema';
import type { PolicyFunction } from '../../function-names';
import type { InvocationRequest } from '../../runner/request';
import { parseCommandLine, takePositionals } from '../args';
import { connectAws } from '../aws';
import type { Command } from '../command';
import type { CliIo } from '../io';
import { readEventFile } from '../event-file';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { stageOption } from '../stage-option';
import { planRequests } from './dependencies';
import { annotateUnreadLedger, chooseLedger, describeLedger, ledgerReport, type LedgerChoice } from './ledger-choice';
import { formatPlan, formatReconcilePlan } from './format';
import { planEvent, planHitUnavailableAws, planIsComplete, planIsDecided } from './plan-event';
import { planReconcile } from './plan-reconcile';

const NAME = 'plan';

const OPTIONS = {
  policy: { type: 'string' },
  stage: { type: 'string' },
  reconcile: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

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

/** AWS is asked for only once a rule matches, and then once for the whole plan. */
function lazyRequests(policy: PolicyDocument, now: Date, ledger: LedgerChoice): (fn: PolicyFunction, account?: string) => Promise<InvocationRequest> {
  let connecting: Promise<(fn: PolicyFunction, account?: string) => InvocationRequest> | undefined;
  return async (fn, account) => {
    connecting ??= connectAws().then((aws) => planRequests(policy, aws, now, ledger));
    return (await connecting)(fn, account);
  };
}

async function runReconcilePlan(values: { policy?: string; stage?: string; json?: boolean }, io: CliIo): Promise<ExitCode> {
  const { file: policyFile, policy } = readPolicy(policyPath(values.policy));
  const now = new Date();
  const ledger = chooseLedger(stageOption(NAME, values.stage), process.env);
  const aws = await connectAws();
  const request = planRequests(policy, aws, now, ledger)('reconcile');
  const plan = await planReconcile(request, new CloudWatchClient(clientConfig()));
  const annotated = { ...plan, ...annotateUnreadLedger(plan, ledger) };
  if (values.json) writeJson(io, { reconcile: true, policy: policyFile, at: now.toISOString(), ledger: ledgerReport(ledger), ...annotated });
  else io.out(`${io.style.dim(`Plan for a reconcile run with ${policyFile} at ${now.toISOString()}; ${describeLedger(ledger)}`)}\n\n${formatReconcilePlan(annotated, io.style)}`);
  if (planHitUnavailableAws(annotated)) return EXIT.awsUnavailable;
  return planIsDecided(annotated) ? EXIT.ok : EXIT.failed;
}

export const planCommand: Command = {
  name: NAME,
  summary: 'show which rules an event triggers and what each step would do now (read-only)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
    if (values.reconcile) {
      takePositionals(NAME, positionals, []);
      return runReconcilePlan(values, io);
    }
    const { 'event.json': eventFile } = takePositionals(NAME, positionals, ['event.json']);
    const event = readEventFile(eventFile);
    const { file: policyFile, policy } = readPolicy(policyPath(values.policy));
    const now = new Date();
    const ledger = chooseLedger(stageOption(NAME, values.stage), process.env);
    const requests = lazyRequests(policy, now, ledger);
    const plan = annotateUnreadLedger(await planEvent(event, { policy, now, request: (fn, signal) => requests(fn, signal.account) }), ledger);
    if (values.json) writeJson(io, { event: eventFile, policy: policyFile, at: now.toISOString(), ledger: ledgerReport(ledger), ...plan });
    else {
      const heading = io.style.dim(`Plan for ${eventFile} with ${policyFile} at ${now.toISOString()}; ${describeLedger(ledger)}`);
      io.out(`${heading}\n\n${formatPlan(eventFile, plan, io.style)}`);
    }
    if (planHitUnavailableAws(plan)) return EXIT.awsUnavailable;
    return planIsComplete(plan) ? EXIT.ok : EXIT.failed;
  },
};
