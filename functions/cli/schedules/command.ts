/** `ops-autopilot schedules [--policy file] [--count n] [--json]`: its name and help; run.ts does the work. */
import { lazyRun, type Command } from '../command';

export const NAME = 'schedules';

export const DEFAULT_COUNT = 5;
export const COUNT_BOUNDS = { min: 1, max: 100 };

const HELP = `Usage: ops-autopilot schedules [--policy file] [--count n] [--json]

Lists the policy's schedules: cron, time zone, what each does, and its next firings in
its own time zone and in UTC, as EventBridge Scheduler fires them (a local time skipped by
a daylight-saving change does not fire; a repeated one fires once). Needs no AWS.

Options:
  --policy <file>  the policy (default: $POLICY_PATH, else infra/policy.yml)
  --count <n>      firings to show per schedule, ${COUNT_BOUNDS.min}-${COUNT_BOUNDS.max} (default: ${DEFAULT_COUNT})
  --json           print the timetable as one JSON object on stdout
  -h, --help       show this help

Exit codes:
  0  listed
  1  invalid policy
  2  usage error

Examples:
  ops-autopilot schedules
  ops-autopilot schedules --count 10 --json | jq '.schedules[].next[0].utc'
`;

export const schedulesCommand: Command = {
  name: NAME,
  summary: 'list the schedules and their next firings, local time and UTC',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
