/** `ops-autopilot schedules`: what it does; its help is in command.ts. */
import { describeSchedules, formatTimetable } from '../../policy/timetable';
import { integerOption, parseCommandLine, takePositionals } from '../args';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { COUNT_BOUNDS, DEFAULT_COUNT, NAME } from './command';

const OPTIONS = {
  policy: { type: 'string' },
  count: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
  takePositionals(NAME, positionals, []);
  const count = integerOption(NAME, 'count', values.count, DEFAULT_COUNT, COUNT_BOUNDS);
  const { file, policy } = readPolicy(policyPath(values.policy));
  const from = new Date();
  const schedules = describeSchedules(policy, from, count);
  if (values.json) writeJson(io, { policy: file, from: from.toISOString(), schedules });
  else io.out(formatTimetable(schedules));
  return EXIT.ok;
}
