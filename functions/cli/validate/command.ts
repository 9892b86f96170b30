/** `ops-autopilot validate [policy] [--check-aws] [--json]`. */
import { PolicyError } from '../../errors';
import { parseCommandLine, takePositionals } from '../args';
import { connectAws } from '../aws';
import type { Command } from '../command';
import { selftestSupport } from '../selftest/readiness';
import { EXIT } from '../exit-codes';
import { writeJson } from '../io';
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

const NAME = 'validate';

const OPTIONS = {
  'check-aws': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const HELP = `Usage: ops-autopilot validate [policy] [--check-aws] [--json]

Checks a policy file against the schema and reports every issue with its rule and field.

Arguments:
  policy        the policy file, YAML or JSON (default: $POLICY_PATH, else infra/policy.yml)

Options:
  --check-aws   also check, read-only, in the AWS the SDK is configured for (AWS_REGION,
                AWS_PROFILE or credentials, AWS_ENDPOINT_URL): that every Auto Scaling
                group, RDS instance and Aurora cluster the policy names exists ({ stack,
                logicalId } resolved through CloudFormation, { fromAlarm } through the
                alarms the rule matches), that every alarm the rules name exists (a glob
                matches at least one), and the doctor's findings: two-controllers,
                stack-resets-capacity, no-backups (an error), max-above-group,
                aurora-autoscaling
  --json        print the result as one JSON object on stdout
  -h, --help    show this help

Exit codes:
  0  valid (and, with --check-aws, every resource exists; findings that are warnings only)
  1  invalid policy, unreadable file, a resource is missing, or a finding is an error
  2  usage error
  3  AWS unreachable or refused a read (--check-aws)

Examples:
  ops-autopilot validate
  ops-autopilot validate infra/policy.yml --check-aws
  ops-autopilot validate my-policy.yml --json | jq .issues
`;

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

export const validateCommand: Command = {
  name: NAME,
  summary: 'check the policy: every schema issue, and with --check-aws that its resources exist',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
    const { policy } = takePositionals(NAME, positionals, [], ['policy']);
    const result = await validate(policyPath(policy), values['check-aws'] ?? false);
    if (values.json) writeJson(io, result);
    else io.out(formatValidation(result, io.style));
    return passed(result) ? EXIT.ok : EXIT.failed;
  },
};
