/**
 * Cold import of each built bundle against an SDK-only bundle of the clients it loads at its cold
 * start (the floor), both built with the same esbuild settings and imported with the stack's environment
 * (serverless.yml, NODE_OPTIONS included). A function's import includes everything its init
 * does (the policy read, the clients made); the floor's imports the clients and makes each once.
 * Measured in fresh `node` processes, the two interleaved, median of BENCH_RUNS (Node's own
 * start-up excluded). Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { buildFunction } from './build';
import { bundlePath, FUNCTIONS, type FunctionName } from '../functions/function-names';
import { median, spread } from './bench-stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

interface StackFunctionEnvironment {
  provider?: { environment?: Record<string, unknown> };
  functions?: Record<string, { environment?: Record<string, unknown> } | undefined>;
}

/** NODE_OPTIONS as the stack sets it for the function (provider, then the function's own), or none. */
function stackNodeOptions(fn: FunctionName): string | undefined {
  // serverless.yml's CloudFormation tags (!Ref, !GetAtt) are not YAML this reader knows: only their values are lost.
  const stack = parse(readFileSync('serverless.yml', 'utf8'), { logLevel: 'silent' }) as StackFunctionEnvironment;
  const value = stack.functions?.[fn]?.environment?.NODE_OPTIONS ?? stack.provider?.environment?.NODE_OPTIONS;
  return typeof value === 'string' ? value : undefined;
}

function coldStartEnv(fn: FunctionName): NodeJS.ProcessEnv {
  const nodeOptions = stackNodeOptions(fn);
  return {
    PATH: process.env.PATH,
    POLICY_PATH: resolve('infra/policy.yml'),
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts',
    LEDGER_TABLE: 'ops-autopilot-ledger',
    SLACK_WEBHOOK_PARAMETER: '/ops-autopilot/slack-webhook',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
}

function importMillis(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env, encoding: 'utf8' }));
}

interface MetaInput {
  imports: { path: string; kind: string; external?: boolean }[];
}

/**
 * The SDK client packages a function loads at its cold start: those its entry reaches through
 * static imports (esbuild metafile). A client behind a dynamic import (CloudFormation, loaded on
 * a policy's first stack listing) is not in the floor, since the function does not load it either.
 */
function coldStartClientPackages(fn: FunctionName): string[] {
  const { inputs } = JSON.parse(readFileSync(`dist/${fn}/meta.json`, 'utf8')) as { inputs: Record<string, MetaInput> };
  const reached = new Set([`functions/${fn}.ts`]);
  for (const file of reached) {
    for (const { path, kind, external } of inputs[file]?.imports ?? []) {
      if (kind !== 'dynamic-import' && !external) reached.add(path);
    }
  }
  const packages = new Set<string>();
  for (const input of reached) {
    const match = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort();
}

/** An entry that imports each package's client class and makes one, as the functions' init does. */
async function floorEntry(packages: string[]): Promise<string> {
  const lines: string[] = [];
  const made: string[] = [];
  for (const pkg of packages) {
    const exported = Object.keys((await import(pkg)) as object).find((name) => /^[A-Z]\w*Client$/.test(name));
    if (!exported) throw new Error(`${pkg} exports no client class`);
    lines.push(`import { ${exported} } from '${pkg}';`);
    made.push(exported === 'DynamoDBDocumentClient' ? `${exported}.from(new DynamoDBClient(config))` : `new ${exported}(config)`);
  }
  if (made.some((m) => m.includes('DynamoDBClient(config))')) && !packages.includes('@aws-sdk/client-dynamodb')) {
    lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
  }
  return `${lines.join('\n')}\nconst config = { maxAttempts: 3, retryMode: 'standard' };\nexport const clients = [${made.join(', ')}];\nexport const handler = async () => clients.length;\n`;
}

async function floorBundle(dir: string, fn: FunctionName, packages: string[]): Promise<string> {
  const entry = join(dir, `${fn}-floor.ts`);
  writeFileSync(entry, await floorEntry(packages));
  const outfile = join(dir, fn, 'index.mjs');
  await buildFunction(entry, outfile);
  return outfile;
}

export interface ImportRow {
  fn: FunctionName;
  clients: string[];
  importMs: number[];
  floorMs: number[];
}

export async function benchImports(runs = RUNS): Promise<ImportRow[]> {
  // Inside the project, so the floor's imports resolve to the same node_modules; dist/ is the build's scratch.
  const dir = resolve('dist/bench-floor');
  mkdirSync(dir, { recursive: true });
  const rows: ImportRow[] = [];
  for (const fn of FUNCTIONS) {
    if (!existsSync(bundlePath(fn))) throw new Error(`${bundlePath(fn)} is missing: run npm run build first`);
    const clients = coldStartClientPackages(fn);
    const floor = await floorBundle(dir, fn, clients);
    const env = coldStartEnv(fn);
    const row: ImportRow = { fn, clients: clients.map((c) => c.replace('@aws-sdk/', '')), importMs: [], floorMs: [] };
    for (let i = 0; i < runs; i++) {
      row.importMs.push(importMillis(bundlePath(fn), env));
      row.floorMs.push(importMillis(floor, env));
    }
    rows.push(row);
  }
  return rows;
}

export function importTable(rows: ImportRow[]): string {
  const lines = ['| function | import | SDK clients alone | ratio | clients |', '| --- | ---: | ---: | ---: | --- |'];
  for (const row of rows) {
    const ratio = median(row.importMs) / median(row.floorMs);
    lines.push(`| ${row.fn} | ${spread(row.importMs)} | ${spread(row.floorMs)} | ${ratio.toFixed(2)}× | ${row.clients.join(', ')} |`);
  }
  return lines.join('\n');
}
