/**
 * The operator CLI's entry point (`npm run cli -- …`, or `npx ops-autopilot …` through
 * bin/ops-autopilot.mjs). Sets the exit code rather than calling process.exit, so pending
 * output is flushed before the process ends.
 */
import { runCli } from './cli';
import { processIo } from './io';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // runCli reports every failure itself; reaching here is a bug in the CLI.
    console.error(err);
    process.exitCode = 1;
  },
);
