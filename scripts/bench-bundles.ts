/**
 * Cold import of each built bundle against an SDK-only bundle of the clients it loads at its cold
 * start (the floor), all built with the same esbuild settings and imported with the stack's environment
 * (serverless.yml, NODE_OPTIONS included). A function's import includes everything its init
 * does (the policy read, the clients made); the floor imports the clients and the commands the
 * function sends from them (the SDK's code, which no call goes without) and makes each client once.
 * A second floor, the clients without their commands, is measured beside it: the stricter reading.
 * Measured in fresh `node` processes, the three interleaved, median of BENCH_RUNS (Node's own
 * start-up excluded). Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { Metafile } from 'esbuild';
import { buildFunction, coldStartFiles } from './build';
import { bundlePath, FUNCTIONS, type FunctionName } from '../functions/function-names';
import { median, spread } from './bench-stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);

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

/** The SDK a function loads at its cold start: each client package and the commands it sends from it. */
interface ColdStartSdk {
  /** Package → the command classes the function imports from it (none for a client it only makes). */
  commands: Map<string, string[]>;
}

const SDK_FILE = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\/(?:dist-es\/commands\/(\w+Command)\.js)?/;

/**
 * What the files its entry loads through static imports hold (esbuild metafile, after tree
 * shaking): the client packages and the commands. A client behind a dynamic import
 * (CloudFormation, loaded on a policy's first stack listing) is not in the floor, since the
 * function does not load it either; the commands are, since no client sends anything without
 * them and they are the SDK's code, not ours.
 */
function coldStartSdk(fn: FunctionName): ColdStartSdk {
  const { outputs } = JSON.parse(readFileSync(`dist/${fn}/meta.json`, 'utf8')) as Metafile;
  const loaded = coldStartFiles(outputs, bundlePath(fn));
  const commands = new Map<string, string[]>();
  for (const file of loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[file]?.inputs ?? {})) {
      const [, pkg, command] = SDK_FILE.exec(input) ?? [];
      if (!pkg || bytesInOutput === 0) continue;
      const sent = commands.get(pkg) ?? [];
      if (command && !sent.includes(command)) sent.push(command);
      commands.set(pkg, sent);
    }
  }
  return { commands: new Map([...commands].sort(([a], [b]) => a.localeCompare(b))) };
}

/** An entry that imports each package's client class and its commands and makes one client, as the functions' init does. */
async function floorEntry({ commands }: ColdStartSdk): Promise<string> {
  const lines: string[] = [];
  const made: string[] = [];
  const sent: string[] = [];
  for (const [pkg, names] of commands) {
    const exported = Object.keys((await import(pkg)) as object).find((name) => /^[A-Z]\w*Client$/.test(name));
    if (!exported) throw new Error(`${pkg} exports no client class`);
    // lib-dynamodb and client-dynamodb both export QueryCommand, ScanCommand …: each import gets its own name.
    const aliases = names.map((name) => `${name} as ${exported}_${name}`);
    lines.push(`import { ${[exported, ...aliases].join(', ')} } from '${pkg}';`);
    sent.push(...names.map((name) => `${exported}_${name}`));
    made.push(exported === 'DynamoDBDocumentClient' ? `${exported}.from(new DynamoDBClient(config))` : `new ${exported}(config)`);
  }
  if (made.some((m) => m.includes('DynamoDBClient(config))')) && !commands.has('@aws-sdk/client-dynamodb')) {
    lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
  }
  return (
    `${lines.join('\n')}\nconst config = { maxAttempts: 3, retryMode: 'standard' };\n` +
    `export const clients = [${made.join(', ')}];\nexport const commands = [${sent.join(', ')}];\n` +
    'export const handler = async () => clients.length + commands.length;\n'
  );
}

async function floorBundle(dir: string, name: string, sdk: ColdStartSdk): Promise<string> {
  const entry = join(dir, `${name}-floor.ts`);
  writeFileSync(entry, await floorEntry(sdk));
  const outfile = join(dir, name, 'index.mjs');
  await buildFunction(entry, outfile);
  return outfile;
}

export interface ImportRow {
  fn: FunctionName;
  clients: string[];
  /** How many commands the floor imports from those clients. */
  commands: number;
  importMs: number[];
  floorMs: number[];
  /** The same clients without their commands: the floor as "the SDK clients alone" might also be read. */
  clientsOnlyMs: number[];
}

export async function benchImports(runs = RUNS): Promise<ImportRow[]> {
  // Inside the project, so the floor's imports resolve to the same node_modules; dist/ is the build's scratch.
  const dir = resolve('dist/bench-floor');
  mkdirSync(dir, { recursive: true });
  const rows: ImportRow[] = [];
  for (const fn of FUNCTIONS) {
    if (!existsSync(bundlePath(fn))) throw new Error(`${bundlePath(fn)} is missing: run npm run build first`);
    const sdk = coldStartSdk(fn);
    const floor = await floorBundle(dir, fn, sdk);
    const clientsOnly = await floorBundle(dir, `${fn}-clients-only`, { commands: new Map([...sdk.commands.keys()].map((pkg) => [pkg, []])) });
    const env = coldStartEnv(fn);
    const clients = [...sdk.commands.keys()].map((c) => c.replace('@aws-sdk/', ''));
    const row: ImportRow = { fn, clients, commands: [...sdk.commands.values()].flat().length, importMs: [], floorMs: [], clientsOnlyMs: [] };
    for (let i = 0; i < runs; i++) {
      row.importMs.push(importMillis(bundlePath(fn), env));
      row.floorMs.push(importMillis(floor, env));
      row.clientsOnlyMs.push(importMillis(clientsOnly, env));
    }
    rows.push(row);
  }
  return rows;
}

export function importTable(rows: ImportRow[]): string {
  const lines = [
    '| function | import | SDK clients alone (their commands too) | ratio | the clients without commands | ratio | clients (commands) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const ratio = (row: ImportRow, floor: number[]) => `${(median(row.importMs) / median(floor)).toFixed(2)}×`;
  for (const row of rows) {
    lines.push(
      `| ${row.fn} | ${spread(row.importMs)} | ${spread(row.floorMs)} | ${ratio(row, row.floorMs)} | ${spread(row.clientsOnlyMs)} | ${ratio(row, row.clientsOnlyMs)} | ${row.clients.join(', ')} (${row.commands}) |`,
    );
  }
  return lines.join('\n');
}
