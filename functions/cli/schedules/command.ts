/** `ops-autopilot schedules [--policy file] [--count n] [--json]`. */
import { describeSchedules, formatTimetable } from '../../policy/timetable';
import { integerOption, parseCommandLine, takePositionals } from '../args';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { writeJson } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';

const NAME = 'schedules';

const OPTIONS = {
  policy: { type: 'string' },
  count: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_COUNT = 5;
const COUNT_BOUNDS = { min: 1, max: 100 };

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
  async run(args, io) {
    const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
    takePositionals(NAME, positionals, []);
    const count = integerOption(NAME, 'count', values.count, DEFAULT_COUNT, COUNT_BOUNDS);
    const { file, policy } = readPolicy(policyPath(values.policy));
    const from = new Date();
    const schedules = describeSchedules(policy, from, count);
    if (values.json) writeJson(io, { policy: file, from: from.toISOString(), schedules });
    else io.out(formatTimetable(schedules));
    return EXIT.ok;
  },
};
