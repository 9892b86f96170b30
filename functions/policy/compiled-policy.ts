/**
 * The policy as `npm run build` and packaging validated it, shipped beside the bundle
 * (`policy.compiled.json`), so a cold start neither loads a YAML parser nor builds the policy
 * schema, and with its schedules' firings worked out (policy/firings.ts). It names the exact
 * text it was compiled from by its SHA-256: a POLICY_PATH file with any other content is read
 * and validated in full, as before.
 */
import { createHash } from 'node:crypto';
import type { FiringTables } from './firings';
import type { PolicyDocument } from './schema';

/** Bumped whenever the shape of this file or of a validated PolicyDocument changes, so an old file is never trusted. */
export const COMPILED_POLICY_FORMAT = 'ops-autopilot/compiled-policy@2';

/** The file's name beside each function's bundle (dist/<function>/, and the zip's root). */
export const COMPILED_POLICY_FILE = 'policy.compiled.json';

/** The policy a function runs with, and its schedules' firings where packaging worked them out. */
export interface LoadedPolicy {
  policy: PolicyDocument;
  firings: FiringTables;
}

export interface CompiledPolicy extends LoadedPolicy {
  format: typeof COMPILED_POLICY_FORMAT;
  /** SHA-256 (hex) of the policy text it was validated from. */
  sourceSha256: string;
}

export const policyTextHash = (text: string) => createHash('sha256').update(text).digest('hex');

export function compilePolicy(document: PolicyDocument, sourceText: string, firings: FiringTables): CompiledPolicy {
  return { format: COMPILED_POLICY_FORMAT, sourceSha256: policyTextHash(sourceText), policy: document, firings };
}

/** The validated policy and its firings, when `compiledText` was compiled from exactly `sourceText`. */
export function compiledPolicyFor(compiledText: string, sourceText: string): LoadedPolicy | undefined {
  let compiled: Partial<CompiledPolicy>;
  try {
    compiled = JSON.parse(compiledText) as Partial<CompiledPolicy>;
  } catch {
    return undefined;
  }
  if (compiled.format !== COMPILED_POLICY_FORMAT || compiled.sourceSha256 !== policyTextHash(sourceText) || !compiled.policy) return undefined;
  return { policy: compiled.policy, firings: compiled.firings ?? {} };
}
