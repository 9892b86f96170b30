/**
 * `invoke --dry-run`: a temporary copy of the policy with settings.dryRun set, so the function
 * decides and reports exactly as it would but changes no resource. The copy keeps the
 * operator's comments and layout; only that one setting differs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/** The policy text with `settings.dryRun: true`, added when absent. */
export function withDryRun(text: string): string {
  const document = parseDocument(text);
  document.setIn(['settings', 'dryRun'], true);
  return document.toString();
}

export interface TemporaryPolicy {
  path: string;
  remove(): void;
}

export function writeDryRunCopy(policyFile: string): TemporaryPolicy {
  const dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-dry-run-'));
  const path = join(dir, 'policy.yml');
  writeFileSync(path, withDryRun(readFileSync(policyFile, 'utf8')));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
