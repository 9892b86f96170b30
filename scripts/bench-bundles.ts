/**
 * npm run bench: size and module load time of each built bundle beside an empty handler's
 * bundle (the floor). Load time is measured inside a fresh `node` process that only imports
 * the bundle (Node's own start-up excluded), median of RUNS runs. Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildFunction } from './build';
import { bundlePath, FUNCTIONS } from '../functions/function-names';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// What a cold start sees: the contract's environment, pointing nowhere (nothing is called at import).
const coldStartEnv = {
  ...process.env,
  POLICY_PATH: resolve('infra/policy.yml'),
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts',
  LEDGER_TABLE: 'ops-autopilot-ledger',
  SLACK_WEBHOOK_PARAMETER: '/ops-autopilot/slack-webhook',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};

function importMillis(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env: coldStartEnv, encoding: 'utf8' }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function emptyHandlerBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-floor-'));
  writeFileSync(join(dir, 'empty.ts'), 'export const handler = async () => ({});\n');
  const outfile = join(dir, 'index.mjs');
  await buildFunction(join(dir, 'empty.ts'), outfile);
  return outfile;
}

async function main(): Promise<void> {
  const bundles: [string, string][] = [['(empty handler)', await emptyHandlerBundle()]];
  for (const name of FUNCTIONS) {
    if (!existsSync(bundlePath(name))) throw new Error(`${bundlePath(name)} is missing: run npm run build first`);
    bundles.push([name, bundlePath(name)]);
  }
  console.log(`node ${process.version}, ${RUNS} runs each, median import time in a fresh process\n`);
  console.log('| bundle | size | gzip | import (median) | min | max |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, file] of bundles) {
    const times = Array.from({ length: RUNS }, () => importMillis(file));
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(
      `| ${name} | ${kib(statSync(file).size)} | ${kib(gzipSync(readFileSync(file)).length)} | ${median(times).toFixed(1)} ms | ${Math.min(...times).toFixed(1)} ms | ${Math.max(...times).toFixed(1)} ms |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
