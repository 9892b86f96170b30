/** `ops-autopilot validate`: what it does; its help is in command.ts. */
import { PolicyError } from '../../errors';
import { parseCommandLine, takePositionals } from '../args';
import { connectAws } from '../aws';
import { selftestSupport } from '../selftest/readiness';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { policyPath } from '../paths';
import { readPolicy, type LoadedPolicy } from '../policy-file';
import { cloudFormationStackResources } from '../../aws/stack-resources';
import { createTargetResolver } from '../../policy/stack-resolver';
import type { PolicyDocument } from '../../policy/schema';
import type { AwsTarget } from '../aws';
import { checkAlarms } from './check-alarms';
import { ask, checkResources } from './check-aws';
import { doctorClients } from './doctor-clients';
import { doctorFacts } from './doctor-facts';
import { formatValidation } from './format';
import { namedResources } from './named-resources';
import { resolveSteps } from './resolve-steps';
import { passed, type AwsCheck, type ValidateResult } from './result';
import { doctorWarnings } from './warnings';
import { NAME } from './command';

const OPTIONS = {
  'check-aws': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

async function validate(path: string, checkAws: boolean): Promise<ValidateResult> {
  let loaded: LoadedPolicy;
  try {
    loaded = readPolicy(path);
  } catch (err) {
    if (err instanceof PolicyError) return { file: err.file, valid: false, issues: err.issues };
    throw err;
  }
  const { file, policy } = loaded;
  const result: ValidateResult = { file, valid: true, rules: policy.rules.length, schedules: policy.schedules.length, settings: policy.settings, selftest: selftestSupport(policy) };
  if (!checkAws) return result;
  return { ...result, aws: await checkAgainstAws(policy, await connectAws()) };
}

/** Alarms first (a `{ fromAlarm }` step acts on the resources they watch), then the resources, then the doctor. */
async function checkAgainstAws(policy: PolicyDocument, aws: AwsTarget): Promise<AwsCheck> {
  const clients = doctorClients(aws.clients);
  const alarms = await ask('the alarms', () => checkAlarms(policy.rules, clients.cloudWatch));
  const resolver = createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(clients.cloudFormation), now: () => new Date() });
  const { resolved, unresolved } = await ask('the stack targets in CloudFormation', () => resolveSteps(policy, resolver, alarms.byRule));
  const resources = await checkResources(namedResources(resolved, aws.region), aws.clients);
  const warnings = doctorWarnings(await doctorFacts(clients, resolved, alarms));
  return { region: aws.region, ...(aws.endpoint ? { endpoint: aws.endpoint } : {}), resources: [...resources, ...unresolved, ...alarms.checks], warnings };
}

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
  const { policy } = takePositionals(NAME, positionals, [], ['policy']);
  const result = await validate(policyPath(policy), values['check-aws'] ?? false);
  if (values.json) writeJson(io, result);
  else io.out(formatValidation(result, io.style));
  return passed(result) ? EXIT.ok : EXIT.failed;
}
