/**
 * Reads and validates the policy in full: in the CLI, at build and package time, and in a
 * function whose POLICY_PATH file was not compiled with it (policy/from-environment.ts).
 * An invalid policy throws PolicyError listing every issue with the rule and field, so a
 * broken deploy fails at the first invocation's init, not at the first alarm.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PolicyError, type PolicyIssue } from '../errors';
import { literalPolicy } from './literal-policy';
import { policySchema, type Policy, type PolicyDocument } from './schema';

type Path = readonly PropertyKey[];

function describe(path: Path, raw: unknown): Pick<PolicyIssue, 'where' | 'field'> {
  const [section, index, ...rest] = path;
  const field = (parts: Path) =>
    parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  if ((section === 'rules' || section === 'schedules') && typeof index === 'number') {
    const items = (raw as Record<string, unknown> | null)?.[section];
    const name = Array.isArray(items) ? (items[index] as { name?: unknown } | undefined)?.name : undefined;
    const kind = section === 'rules' ? 'rule' : 'schedule';
    const where = typeof name === 'string' ? `${kind} "${name}" (${section}[${index}])` : `${section}[${index}]`;
    return { where, field: field(rest) };
  }
  if (section === 'settings') return { where: 'settings', field: field(path.slice(1)) };
  if (section === 'targets' && typeof index === 'string') return { where: `target "${index}"`, field: field(rest) };
  return { where: 'policy', field: field(path) };
}

export function policyIssues(error: z.ZodError, raw: unknown): PolicyIssue[] {
  return error.issues.map((issue) => ({ ...describe(issue.path, raw), message: issue.message }));
}

export type PolicyResult = { ok: true; policy: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

/** Validates an already-parsed document (YAML or JSON). */
export function validatePolicy(raw: unknown): PolicyResult {
  const parsed = policySchema.safeParse(raw);
  return parsed.success ? { ok: true, policy: parsed.data } : { ok: false, issues: policyIssues(parsed.error, raw) };
}

/** Parses policy text; YAML is a superset of JSON, so one parser reads both. */
export function parsePolicyText(text: string, file: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new PolicyError(file, [{ where: 'policy', field: '', message: `not valid YAML/JSON: ${(err as Error).message}` }]);
  }
  const result = validatePolicy(raw);
  if (!result.ok) throw new PolicyError(file, result.issues);
  return result.policy;
}

export function loadPolicyFile(file: string): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(file, [{ where: 'policy', field: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parsePolicyText(text, file);
}

/** The runtime form of a document; a step whose targets can only be resolved per invocation is an issue. */
export function runnablePolicy(document: PolicyDocument, file: string): Policy {
  const literal = literalPolicy(document);
  if (!literal.ok) throw new PolicyError(file, literal.issues);
  return literal.policy;
}
