/**
 * The policy as `npm run build` and packaging validated it, shipped beside the bundle
 * (`policy.compiled.json`), so a cold start neither loads a YAML parser nor builds the policy
 * schema. It names the exact text it was compiled from by its SHA-256: a POLICY_PATH file with
 * any other content is read and validated in full, as before.
 */
import { createHash } from 'node:crypto';
import type { PolicyDocument } from './schema';

/** Bumped whenever the shape of a validated PolicyDocument changes, so an old file is never trusted. */
export const COMPILED_POLICY_FORMAT = 'ops-autopilot/compiled-policy@1';

/** The file's name beside each function's bundle (dist/<function>/, and the zip's root). */
export const COMPILED_POLICY_FILE = 'policy.compiled.json';

export interface CompiledPolicy {
  format: typeof COMPILED_POLICY_FORMAT;
  /** SHA-256 (hex) of the policy text it was validated from. */
  sourceSha256: string;
  policy: PolicyDocument;
}

export const policyTextHash = (text: string) => createHash('sha256').update(text).digest('hex');

export function compilePolicy(document: PolicyDocument, sourceText: string): CompiledPolicy {
  return { format: COMPILED_POLICY_FORMAT, sourceSha256: policyTextHash(sourceText), policy: document };
}

/** The validated policy, when `compiledText` was compiled from exactly `sourceText`. */
export function compiledPolicyFor(compiledText: string, sourceText: string): PolicyDocument | undefined {
  let compiled: Partial<CompiledPolicy>;
  try {
    compiled = JSON.parse(compiledText) as Partial<CompiledPolicy>;
  } catch {
    return undefined;
  }
  if (compiled.format !== COMPILED_POLICY_FORMAT || compiled.sourceSha256 !== policyTextHash(sourceText)) return undefined;
  return compiled.policy;
}
