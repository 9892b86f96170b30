/** What `validate` found: the JSON printed by `--json` and the input of the text format. */
import type { PolicyIssue } from '../../errors';
import type { Settings } from '../../policy/schema';
import type { ResourceCheck } from './check-aws';

export interface AwsCheck {
  region: string;
  endpoint?: string;
  resources: ResourceCheck[];
}

export type ValidateResult =
  | { file: string; valid: false; issues: PolicyIssue[] }
  | { file: string; valid: true; rules: number; schedules: number; settings: Settings; aws?: AwsCheck };

/** Valid, and with --check-aws every named resource exists. */
export function passed(result: ValidateResult): boolean {
  return result.valid && (result.aws?.resources.every((r) => r.exists) ?? true);
}
