/**
 * The functions log through Powertools Logger, which writes to stdout; under `invoke` stdout
 * belongs to the CLI's result (and, with --json, to JSON only), so their logs go to stderr.
 * POWERTOOLS_DEV makes the Logger write through the global console, which it captures when
 * the bundle creates it: this must run before the bundle is imported.
 */
import { Console } from 'node:console';

export function sendFunctionLogsToStderr(env: NodeJS.ProcessEnv = process.env): void {
  env.POWERTOOLS_DEV = 'true';
  // Every decision is logged at INFO and the summary repeats them; POWERTOOLS_LOG_LEVEL=INFO shows them.
  env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
}
