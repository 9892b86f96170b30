/**
 * npm run bench: one run, side by side — each function's cold import against an SDK-only bundle
 * of its clients, the AWS calls of one guarded capacity change, alarm → SetDesiredCapacity and
 * RDS event → Slack post through the built bundles, a storm of distinct alarm events, and the
 * CLI's start. Medians with (min–max); the machine may be shared, so run it more than once.
 * BENCH_RUNS (imports, 25: a run moves by ±0.1 with fewer), BENCH_FLOW_SAMPLES (10), BENCH_STORM_EVENTS (1000) size it.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { benchCliHelp } from './bench-cli';
import { benchFlows } from './bench-flow';
import { benchImports, importTable } from './bench-bundles';
import { median, percentile, spread } from './bench-stats';

async function main(): Promise<void> {
  // The SDK's notice that its Node 20 support ends says nothing about the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log(`${new Date().toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);

  console.log('Cold import (fresh node, the stack\'s environment), median (min–max):\n');
  console.log(importTable(await benchImports()));

  // Its own process: it reads the calls from the proxy's counts with the SDK's retries quiet.
  const calls = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-calls.ts'], { encoding: 'utf8', env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } }).trim();
  console.log(`\nAWS calls: ${calls}\n`);

  const flows = await benchFlows();
  const { storm } = flows;
  console.log('| path, through the built bundles on the embedded AWS | median (min–max) |');
  console.log('| --- | ---: |');
  console.log(`| alarm event → SetDesiredCapacity (${flows.alarmToCapacityMs.length} events) | ${spread(flows.alarmToCapacityMs)} |`);
  console.log(`| RDS event → Slack post (${flows.rdsToSlackMs.length} events) | ${spread(flows.rdsToSlackMs)} |`);
  console.log(
    `| storm: ${storm.events} distinct alarm events through alarm-remediation, one at a time (the ledger emptied every 50, see bench-flow.ts) | ${(storm.events / storm.seconds).toFixed(1)} events/s, ` +
      `p50 ${median(storm.latenciesMs).toFixed(1)} ms, p99 ${percentile(storm.latenciesMs, 99).toFixed(1)} ms, ${storm.failed} failed |`,
  );

  const cli = benchCliHelp(Number(process.env.BENCH_CLI_RUNS ?? 15));
  console.log(`\nops-autopilot --help: ${spread(cli.helpMs)} wall, process included; node -e 0 on this machine: ${spread(cli.nodeMs)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
