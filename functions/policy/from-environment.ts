/**
 * The policy named by POLICY_PATH (contract), read once per container. The fast path is the
 * compiled policy beside the bundle, when it was compiled from exactly this file's text; any
 * other file is parsed and validated in full (policy/load.ts, with the YAML parser and the
 * schema loaded only then), with the same errors.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleUrl } from '../bundle-location';
import { ConfigurationError, PolicyError } from '../errors';
import { COMPILED_POLICY_FILE, compiledPolicyFor, type LoadedPolicy } from './compiled-policy';

function readPolicyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(file, [{ where: 'policy', field: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
}

function compiledText(): string | undefined {
  if (!bundleUrl) return undefined;
  try {
    return readFileSync(fileURLToPath(new URL(COMPILED_POLICY_FILE, bundleUrl)), 'utf8');
  } catch {
    return undefined;
  }
}

async function readPolicy(file: string): Promise<LoadedPolicy> {
  const text = readPolicyText(file);
  const compiled = compiledText();
  const precompiled = compiled === undefined ? undefined : compiledPolicyFor(compiled, text);
  if (precompiled) return precompiled;
  const { parsePolicyText } = await import('./load');
  // No firings worked out: croner answers when a schedule last fired.
  return { policy: parsePolicyText(text, file), firings: {} };
}

let cached: { path: string; policy: Promise<LoadedPolicy> } | undefined;

/** The policy as written (targets are resolved per step), and its schedules' firings. */
export function policyFromEnvironment(): Promise<LoadedPolicy> {
  const path = process.env.POLICY_PATH;
  if (!path) throw new ConfigurationError('POLICY_PATH is not set: it must name the policy file (YAML or JSON)');
  if (cached?.path !== path) cached = { path, policy: readPolicy(path) };
  return cached.policy;
}
