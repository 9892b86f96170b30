/** `ops-autopilot invoke`: what it does; its help is in command.ts. */
import { readsPolicy, type FunctionName } from '../../function-names';
import { parseCommandLine, takePositionals } from '../args';
import { NotReadyError, UsageError } from '../errors';
import { readEventFile } from '../event-file';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { bundleFile, loadHandler, type Handler } from './bundle';
import { NAME } from './command';
import { writeDryRunCopy, type TemporaryPolicy } from './dry-run-policy';
import { failureLine, formatResult } from './format';
import { sendFunctionLogsToStderr } from './function-logs';
import { functionNamed, missingVariables } from './functions';
import { errorOf, type InvokeOutcome } from './outcome';

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
} as const;

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

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
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
}
