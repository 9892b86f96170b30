/** What `validate` found: the JSON printed by `--json` and the input of the text format. */
import type { PolicyIssue } from '../../errors';
import type { Settings } from '../../policy/schema';
import type { AlarmCheck } from './check-alarms';
import type { ResourceCheck } from './check-aws';
import type { UnresolvedTarget } from './resolve-steps';
import type { Warning } from './warnings';

export interface AwsCheck {
  region: string;
  endpoint?: string;
  /** The groups, instances and clusters the steps act on, the alarms the rules name, and the references that resolved to nothing. */
  resources: (ResourceCheck | AlarmCheck | UnresolvedTarget)[];
  /** The doctor's findings; those with severity `error` fail the check. */
  warnings: Warning[];
}

export type ValidateResult =
  | { file: string; valid: false; issues: PolicyIssue[] }
  | { file: string; valid: true; rules: number; schedules: number; settings: Settings; selftest: SelftestSupport; aws?: AwsCheck };

/** Whether `ops-autopilot selftest` can run with this policy, and if not, what to add. */
export type SelftestSupport = { ready: true; rules: string[] } | { ready: false; howTo: string };

/** Valid, and with --check-aws every named resource exists and no finding is an error. */
export function passed(result: ValidateResult): boolean {
  if (!result.valid) return false;
  if (!result.aws) return true;
  return result.aws.resources.every((r) => r.exists) && result.aws.warnings.every((w) => w.severity !== 'error');
}
