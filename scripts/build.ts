/**
 * npm run build: one self-contained ES module bundle per function in dist/<function>/index.mjs,
 * beside it the policy it reads, validated and compiled (policy.compiled.json, from
 * OPS_AUTOPILOT_POLICY or infra/policy.yml). The AWS SDK v3 is bundled (not the runtime's copy,
 * whose version drifts) and tree-shaken through the packages' ES module entry points. Also the
 * operator CLI, dist/cli/index.mjs (bin/ops-autopilot.mjs), which is not a function.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundlePath, FUNCTIONS, readsPolicy } from '../functions/function-names';
import { compiledPolicyText } from '../functions/policy/compile';
import { COMPILED_POLICY_FILE } from '../functions/policy/compiled-policy';
import { lazyModulesShareOneChunk } from './lazy-modules-chunk';

// Some bundled CommonJS dependencies call require(); an ES module bundle has to provide it.
const banner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Where the operator CLI's bundle goes: beside the functions', but not one of them (packaging ships only FUNCTIONS). */
export const CLI_BUNDLE = 'dist/cli/index.mjs';

// The CLI finds the project from its own directory (functions/cli/paths.ts), as CommonJS would.
const cliBanner = `${banner} import { dirname as __pathDirname } from 'node:path'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);`;

/** A function's bundle: its lazy modules' shared code in one chunk with the entry's (lazy-modules-chunk.ts). */
export async function buildFunction(entry: string, outfile: string): Promise<Metafile> {
  return bundle(entry, outfile, { plugins: [lazyModulesShareOneChunk(entry)] });
}

/**
 * The CLI from functions/cli/main.ts, whatever commands it registers: the same settings as a
 * function, with functions/stack-traces.ts injected so its stack traces point into functions/.
 */
export async function buildCli(outfile = CLI_BUNDLE): Promise<Metafile> {
  return bundle('functions/cli/main.ts', outfile, { banner: { js: cliBanner }, inject: ['functions/stack-traces.ts'] });
}

async function bundle(entry: string, outfile: string, overrides: Pick<BuildOptions, 'banner' | 'inject' | 'plugins'>): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outdir: dirname(outfile),
    entryNames: basename(outfile, '.mjs'),
    outExtension: { '.js': '.mjs' },
    // What a cold start rarely needs (the YAML parser and policy schema, CloudFormation) goes in
    // chunks beside the entry, loaded by its dynamic import only when needed.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    // Names stay minified (keepNames would add a call per function and class to every cold start):
    // the error classes write their names out (functions/errors.ts), and stack traces are mapped back.
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    banner: { js: banner },
    // functions/bundle-location.ts: where the bundle is, to find its compiled policy and source map.
    define: { OPS_AUTOPILOT_BUNDLE_URL: 'import.meta.url' },
    logLevel: 'warning',
    ...overrides,
  });
  return result.metafile;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The files a cold start opens: the entry and the chunks it imports statically, transitively (not those behind a dynamic import). */
export function coldStartFiles(outputs: Metafile['outputs'], entryFile: string): string[] {
  const entry = Object.keys(outputs).find((file) => file.endsWith(entryFile));
  if (!entry) throw new Error(`the build wrote no ${entryFile}`);
  const loaded = new Set([entry]);
  for (const file of loaded) {
    for (const { path, kind, external } of outputs[file]?.imports ?? []) if (kind === 'import-statement' && !external) loaded.add(path);
  }
  return [...loaded];
}

/** What a cold start of the bundle reads, and how many modules the whole bundle holds. */
function sizeRow(name: string, metafile: Metafile, outfile: string): string[] {
  const files = coldStartFiles(metafile.outputs, outfile);
  const text = Buffer.concat(files.map((file) => readFileSync(file)));
  return [name, kib(text.length), kib(gzipSync(text).length), String(files.length), String(Object.keys(metafile.inputs).length)];
}

async function main(): Promise<void> {
  rmSync('dist', { recursive: true, force: true });
  const compiledPolicy = compiledPolicyText(process.env.OPS_AUTOPILOT_POLICY ?? 'infra/policy.yml');
  const rows: string[][] = [];
  for (const name of FUNCTIONS) {
    const outfile = bundlePath(name);
    mkdirSync(`dist/${name}`, { recursive: true });
    const metafile = await buildFunction(`functions/${name}.ts`, outfile);
    writeFileSync(`dist/${name}/meta.json`, JSON.stringify(metafile));
    if (readsPolicy(name)) writeFileSync(join(dirname(outfile), COMPILED_POLICY_FILE), compiledPolicy);
    rows.push(sizeRow(name, metafile, outfile));
  }
  rows.push(sizeRow('(cli)', await buildCli(), CLI_BUNDLE));
  const header = ['function', 'cold start', 'gzip', 'files', 'modules'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
