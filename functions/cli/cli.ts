/**
 * `ops-autopilot <command> …`: finds the command, serves --help, and turns every failure into
 * a message on stderr and the exit code of its kind. The one place that decides exit codes
 * for errors; commands return their own code when they finish.
 */
import { describeError } from '../aws/errors';
import { PolicyError } from '../errors';
import { wantsHelp } from './args';
import type { Command } from './command';
import { CliError, UsageError } from './errors';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { invokeCommand } from './invoke/command';
import { planCommand } from './plan/command';
import { schedulesCommand } from './schedules/command';
import { selftestCommand } from './selftest/command';
import { setupCommand } from './setup/command';
import { validateCommand } from './validate/command';

export const COMMANDS: readonly Command[] = [validateCommand, planCommand, invokeCommand, schedulesCommand, setupCommand, selftestCommand];

const usageLines = COMMANDS.map((command) => `  ${command.name.padEnd(11)}${command.summary}`).join('\n');

export const HELP = `Usage: ops-autopilot <command> [options]

Operate ops-autopilot from a terminal: check the policy, see what an event would do,
run a built function locally, list the schedules.

Commands:
${usageLines}

Run "ops-autopilot <command> --help" for a command's arguments, options and examples.

Every command takes --json (machine-readable output on stdout only) and -h/--help.
The policy is the file given, else $POLICY_PATH, else infra/policy.yml. AWS is reached as the
AWS SDK is configured: AWS_REGION, AWS_PROFILE or credentials, AWS_ENDPOINT_URL (embedded AWS).
Colours only on a terminal and only when NO_COLOR is not set.

${EXIT_CODES_HELP}
`;

function commandNamed(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const names = COMMANDS.map((c) => c.name).join(', ');
  const message = name.startsWith('-') ? `unknown option ${name}; options come after the command` : `unknown command "${name}"`;
  throw new UsageError(undefined, `${message}; commands: ${names}`);
}

/**
 * The text for stderr and the exit code of a failure in `command` (undefined before one is
 * known): `ops-autopilot plan: cannot read event file x.json: no such file`.
 */
export function failure(err: unknown, command: string | undefined): { message: string; exitCode: ExitCode } {
  const prefix = `ops-autopilot${command ? ` ${command}` : ''}`;
  if (err instanceof UsageError) {
    return { message: `${prefix}: ${err.message}\nRun "${prefix} --help" for usage.`, exitCode: err.exitCode };
  }
  if (err instanceof CliError) return { message: `${prefix}: ${err.message}`, exitCode: err.exitCode };
  if (err instanceof PolicyError) return { message: `${prefix}: ${err.message}`, exitCode: EXIT.failed };
  // Not a failure the CLI foresaw: the stack helps whoever fixes it.
  const stack = err instanceof Error && err.stack ? `\n${err.stack}` : '';
  return { message: `${prefix}: unexpected error: ${describeError(err)}${stack}`, exitCode: EXIT.failed };
}

export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === '-h' || name === '--help') {
    io.out(HELP);
    return EXIT.ok;
  }
  let command: Command | undefined;
  try {
    if (name === undefined) throw new UsageError(undefined, 'no command given');
    command = commandNamed(name);
    if (wantsHelp(args)) {
      io.out(command.help);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (err) {
    const { message, exitCode } = failure(err, command?.name);
    io.err(`${message}\n`);
    return exitCode;
  }
}
