/**
 * The deployable zips: each holds only its function's bundle (dist/<function>/index.mjs and
 * its source map, from `npm run build`) and the policy, at the root, as `policy.yml`; a function
 * that reads the policy also gets it compiled from that same file (`policy.compiled.json`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function artifactEntries(root: string, fn: FunctionName, policyFile: string, compiledPolicy: string): ZipEntry[] {
  const bundle = join(root, bundlePath(fn));
  const entries: ZipEntry[] = [{ name: 'index.mjs', data: readFileSync(bundle) }];
  // The build writes a linked source map; functions/stack-traces.ts reads it when a stack trace is first printed.
  if (existsSync(`${bundle}.map`)) entries.push({ name: 'index.mjs.map', data: readFileSync(`${bundle}.map`) });
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
