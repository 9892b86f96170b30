/** `ops-autopilot plan`: what it does; its help is in command.ts. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { clientConfig } from '../../aws/client-config';
import type { PolicyDocument } from '../../policy/schema';
import type { PolicyFunction } from '../../function-names';
import type { InvocationRequest } from '../../runner/request';
import { parseCommandLine, takePositionals } from '../args';
import { connectAws } from '../aws';
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
import { NAME } from './command';

const OPTIONS = {
  policy: { type: 'string' },
  stage: { type: 'string' },
  reconcile: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

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

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
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
}
