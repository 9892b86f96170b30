/** `ops-autopilot validate [policy] [--check-aws] [--json]`: its name and help; run.ts does the work. */
import { lazyRun, type Command } from '../command';

export const NAME = 'validate';

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

export const validateCommand: Command = {
  name: NAME,
  summary: 'check the policy: every schema issue, and with --check-aws that its resources exist',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
