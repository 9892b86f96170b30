/** `ops-autopilot invoke <function> <event.json> [--dry-run] [--policy file] [--json]`. */
import { FUNCTIONS, type FunctionName } from '../../function-names';
import { parseCommandLine, takePositionals } from '../args';
import type { Command } from '../command';
import { NotReadyError, UsageError } from '../errors';
import { readEventFile } from '../event-file';
import { EXIT } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { bundleFile, loadHandler, type Handler } from './bundle';
import { writeDryRunCopy, type TemporaryPolicy } from './dry-run-policy';
import { failureLine, formatResult } from './format';
import { sendFunctionLogsToStderr } from './function-logs';
import { readsPolicy } from '../../function-names';
import { functionNamed, missingVariables, REQUIRED_ENV } from './functions';
import { errorOf, type InvokeOutcome } from './outcome';

const NAME = 'invoke';

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
} as const;

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

interface Invocation {
  name: FunctionName;
  eventFile: string;
  dryRun: boolean;
  policy: string | undefined;
}

function checkReady(name: FunctionName): string {
  const file = bundleFile(name);
  const missing = missingVariables(name);
  if (missing.length) {
    const list = missing.map((v) => `  ${v.name}: ${v.meaning}`).join('\n');
    throw new NotReadyError(`${name} needs these environment variables, which are not set:\n${list}`);
  }
  return file;
}

/** Points POLICY_PATH (which the bundle reads at init) at the policy, or at its dry-run copy. */
function providePolicy(invocation: Invocation): { shown: string; copy?: TemporaryPolicy } {
  const path = policyPath(invocation.policy);
  // Validated here first, so an invalid policy is listed issue by issue rather than as a failed init.
  const { file } = readPolicy(path);
  if (!invocation.dryRun) {
    process.env.POLICY_PATH = path;
    return { shown: file };
  }
  const copy = writeDryRunCopy(path);
  process.env.POLICY_PATH = copy.path;
  return { shown: file, copy };
}

async function invoke(invocation: Invocation, bundle: string, event: unknown, policy: string | undefined): Promise<InvokeOutcome> {
  const base = { function: invocation.name, ...(policy ? { policy } : {}), dryRun: invocation.dryRun };
  let handler: Handler;
  try {
    handler = await loadHandler(bundle);
  } catch (err) {
    if (err instanceof NotReadyError) throw err;
    return { ...base, ok: false, phase: 'init', error: errorOf(err) };
  }
  try {
    return { ...base, ok: true, result: await handler(event) };
  } catch (err) {
    return { ...base, ok: false, phase: 'invoke', error: errorOf(err) };
  }
}

function report(outcome: InvokeOutcome, json: boolean, io: CliIo): void {
  if (json) writeJson(io, outcome);
  if (!outcome.ok) io.err(failureLine(outcome));
  else if (!json) io.out(formatResult(outcome, io.style));
}

export const invokeCommand: Command = {
  name: NAME,
  summary: 'run a built function bundle on an event against the configured AWS (--dry-run changes nothing)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
    const given = takePositionals(NAME, positionals, ['function', 'event.json']);
    const invocation: Invocation = { name: functionNamed(given.function), eventFile: given['event.json'], dryRun: values['dry-run'] ?? false, policy: values.policy };
    if (!readsPolicy(invocation.name) && (invocation.dryRun || invocation.policy !== undefined)) {
      throw new UsageError(NAME, `${invocation.name} reads no policy, so --dry-run and --policy do not apply to it`);
    }
    const event = readEventFile(invocation.eventFile);
    const bundle = checkReady(invocation.name);
    const policy = readsPolicy(invocation.name) ? providePolicy(invocation) : undefined;
    try {
      sendFunctionLogsToStderr();
      const outcome = await invoke(invocation, bundle, event, policy?.shown);
      report(outcome, values.json ?? false, io);
      return outcome.ok ? EXIT.ok : EXIT.failed;
    } finally {
      policy?.copy?.remove();
    }
  },
};
