/**
 * Where the CLI finds its files. It runs from its sources inside the repository, so the
 * default policy and the built bundles are found from here, whichever directory it is started in.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

export const DEFAULT_POLICY = join(PROJECT_ROOT, 'infra', 'policy.yml');

/**
 * The policy a command reads: the one given on the command line, else POLICY_PATH (the
 * functions' own variable, so `plan` and `invoke` read the same file), else infra/policy.yml.
 */
export function policyPath(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = given ?? env.POLICY_PATH;
  return chosen ? resolve(chosen) : DEFAULT_POLICY;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const shown = relative(cwd, file);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : file;
}
