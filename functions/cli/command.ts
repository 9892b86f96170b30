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

/**
 * A `run` that imports its command's implementation on the first call: --help and the command
 * list then load no AWS SDK, policy schema or YAML parser (the build splits it into a chunk).
 */
export function lazyRun(load: () => Promise<{ run: Command['run'] }>): Command['run'] {
  return async (args, io) => (await load()).run(args, io);
}
