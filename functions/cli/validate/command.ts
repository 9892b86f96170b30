/** `ops-autopilot validate [policy] [--check-aws] [--json]`. */
import { PolicyError } from '../../errors';
import { parseCommandLine, takePositionals } from '../args';
import { connectAws } from '../aws';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { writeJson } from '../io';
import { policyPath } from '../paths';
import { readPolicy, type LoadedPolicy } from '../policy-file';
import { checkResources } from './check-aws';
import { formatValidation } from './format';
import { namedResources } from './named-resources';
import { passed, type ValidateResult } from './result';

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
  --check-aws   also check that every Auto Scaling group, RDS instance and Aurora cluster
                the policy names exists, with read-only calls (DescribeAutoScalingGroups,
                DescribeDBInstances, DescribeDBClusters) to the AWS the SDK is configured
                for (AWS_REGION, AWS_PROFILE or credentials, AWS_ENDPOINT_URL)
  --json        print the result as one JSON object on stdout
  -h, --help    show this help

Exit codes:
  0  valid (and, with --check-aws, every resource exists)
  1  invalid policy, unreadable file, or a resource is missing
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
  const result: ValidateResult = { file, valid: true, rules: policy.rules.length, schedules: policy.schedules.length, settings: policy.settings };
  if (!checkAws) return result;
  const aws = await connectAws();
  const resources = await checkResources(namedResources(policy, aws.region), aws.clients);
  return { ...result, aws: { region: aws.region, ...(aws.endpoint ? { endpoint: aws.endpoint } : {}), resources } };
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
