/** `ops-autopilot --help` as an operator starts it, by repetition, beside `node -e 0` (Node's own start-up) on the same machine. */
import { execFileSync } from 'node:child_process';

const BIN = 'bin/ops-autopilot.mjs';

function wallMillis(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

export interface CliTiming {
  helpMs: number[];
  nodeMs: number[];
}

export function benchCliHelp(runs: number): CliTiming {
  const timing: CliTiming = { helpMs: [], nodeMs: [] };
  for (let i = 0; i < runs; i++) {
    timing.nodeMs.push(wallMillis(['-e', '0']));
    timing.helpMs.push(wallMillis([BIN, '--help']));
  }
  return timing;
}
