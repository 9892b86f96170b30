/**
 * The deployable zips: each holds only its function's bundle (dist/<function>/index.mjs, the
 * chunks it loads and their source maps, from `npm run build`) and the policy, at the root, as `policy.yml`; a function
 * that reads the policy also gets it compiled from that same file (`policy.compiled.json`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OpsAutopilotError } from '../../functions/errors';
import { bundlePath, readsPolicy } from '../../functions/function-names';
import { COMPILED_POLICY_FILE } from '../../functions/policy/compiled-policy';
import { compiledPolicyText } from '../../functions/policy/compile';
import { FUNCTIONS, type FunctionName } from './naming';
import { zip, type ZipEntry } from './zip';

/** Where the policy sits in every zip; POLICY_PATH, relative to the function's working directory /var/task. */
export const POLICY_IN_ZIP = 'policy.yml';

/** A function's bundle is not there: packaging needs `npm run build` first. */
export class MissingBundlesError extends OpsAutopilotError {
  constructor(readonly missing: string[]) {
    super(`missing function bundle(s) ${missing.join(', ')}: run npm run build first`);
  }
}

/** The bundles of `npm run build` that are not on disk under `root`. */
export function missingBundles(root: string): string[] {
  return FUNCTIONS.map((fn) => bundlePath(fn)).filter((path) => !existsSync(join(root, path)));
}

/** The entry first, then the chunks it loads at once or on demand (esbuild code splitting), each followed by its source map when the build wrote one. */
function bundleFiles(dir: string): string[] {
  const chunks = readdirSync(dir).filter((name) => name.endsWith('.mjs') && name !== 'index.mjs').sort();
  // functions/stack-traces.ts reads a file's linked source map when a stack trace is first printed.
  return ['index.mjs', ...chunks].flatMap((name) => [name, ...(existsSync(join(dir, `${name}.map`)) ? [`${name}.map`] : [])]);
}

function artifactEntries(root: string, fn: FunctionName, policyFile: string, compiledPolicy: string): ZipEntry[] {
  const dir = dirname(join(root, bundlePath(fn)));
  const entries: ZipEntry[] = bundleFiles(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) }));
  entries.push({ name: POLICY_IN_ZIP, data: readFileSync(policyFile) });
  if (readsPolicy(fn)) entries.push({ name: COMPILED_POLICY_FILE, data: Buffer.from(compiledPolicy) });
  return entries;
}

/** Writes `<outDir>/<function>.zip` for every function and returns their paths. */
export async function writeArtifacts(root: string, outDir: string, policyFile: string): Promise<Record<FunctionName, string>> {
  const missing = missingBundles(root);
  if (missing.length) throw new MissingBundlesError(missing);
  mkdirSync(outDir, { recursive: true });
  const compiledPolicy = compiledPolicyText(policyFile);
  const written: Partial<Record<FunctionName, string>> = {};
  for (const fn of FUNCTIONS) {
    const path = join(outDir, `${fn}.zip`);
    writeFileSync(path, await zip(artifactEntries(root, fn, policyFile, compiledPolicy)));
    written[fn] = path;
  }
  return written as Record<FunctionName, string>;
}
