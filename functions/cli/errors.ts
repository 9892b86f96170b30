/** Failures the CLI reports in a line or two, each with the exit code that tells a script what kind it was. */
import { OpsAutopilotError } from '../errors';
import { EXIT, type ExitCode } from './exit-codes';

export class CliError extends OpsAutopilotError {
  override name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The command line is wrong; the message names the offending option or argument. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(
    /** The command whose line is wrong, so the message can point at its --help; undefined before a command is known. */
    readonly command: string | undefined,
    message: string,
  ) {
    super(message, EXIT.usage);
  }
}

/** An input file (an event) cannot be read or is not what it must be; the message names the file. */
export class InputError extends CliError {
  override name = 'InputError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.failed, options);
  }
}

/** AWS cannot be asked: no region or credentials, the endpoint does not answer, or the read is refused. */
export class AwsUnavailableError extends CliError {
  override name = 'AwsUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.awsUnavailable, options);
  }
}

/** The command cannot run yet: a bundle to build or an environment variable to set, named in the message. */
export class NotReadyError extends CliError {
  override name = 'NotReadyError';

  constructor(message: string) {
    super(message, EXIT.notReady);
  }
}
