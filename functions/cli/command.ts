/** What every command provides to the dispatcher: its name, its help and how to run it. */
import type { ExitCode } from './exit-codes';
import type { CliIo } from './io';

export interface Command {
  name: string;
  /** One line for the command list of `ops-autopilot --help`. */
  summary: string;
  /** `ops-autopilot <command> --help`: usage, arguments, options, exit codes, examples. */
  help: string;
  /** Runs with the arguments after the command name; throws a CliError (or PolicyError) to fail. */
  run(args: string[], io: CliIo): Promise<ExitCode>;
}
