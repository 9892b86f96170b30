/**
 * Exit codes of `ops-autopilot`. They are part of its interface: scripts and CI branch on
 * them, so each kind of failure keeps its number.
 */
export const EXIT = {
  /** The command did what was asked and found nothing wrong. */
  ok: 0,
  /** A check failed: invalid policy, missing AWS resource, unrecognised event, undecidable step, the function threw. */
  failed: 1,
  /** The command line is wrong: unknown command or option, missing or extra argument, bad option value. */
  usage: 2,
  /** AWS could not be reached or refused a read: no region, no credentials, network, access denied. */
  awsUnavailable: 3,
  /** Not set up to run: a function bundle is not built or an environment variable the function needs is missing. */
  notReady: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table printed by `--help`; the README's CLI section shows the same. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  check failed: invalid policy, missing resource, unrecognised event, undecidable step, the function threw
  2  usage error: unknown command or option, missing or extra argument
  3  AWS unreachable or refused a read (region, credentials, network, access)
  4  not set up: function bundle not built (npm run build) or a required environment variable missing`;
