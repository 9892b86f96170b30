/** `validate`'s human-readable output: the verdict first, then each issue or each resource on its own line. */
import type { PolicyIssue } from '../../errors';
import type { Style } from '../style';
import { describeTarget } from '../aws';
import { plural } from '../plural';
import type { AwsCheck, ValidateResult } from './result';

function issueLine(issue: PolicyIssue): string {
  return `  - ${issue.where}${issue.field ? `, field ${issue.field}` : ''}: ${issue.message}`;
}

type Checked = AwsCheck['resources'][number];

/** What a row adds after "used by": what a glob matched, what a reference resolved from, why it is missing. */
function detail(resource: Checked): string {
  if ('reason' in resource) return ` — ${resource.reason}`;
  if (resource.type === 'alarm' && 'matches' in resource && resource.matches.length && (resource.matches.length > 1 || resource.matches[0] !== resource.id)) {
    return ` (matches ${resource.matches.join(', ')})`;
  }
  if ('resolvedFrom' in resource && resource.resolvedFrom?.length) return ` (from ${resource.resolvedFrom.join(', ')})`;
  return '';
}

function warningLines(aws: AwsCheck, style: Style): string[] {
  if (!aws.warnings.length) return [];
  const lines = aws.warnings.map((w) => {
    const mark = w.severity === 'error' ? style.red(`✗ ${w.code} (error)`) : style.yellow(`! ${w.code}`);
    return `  ${mark}  ${w.resource.type} ${w.resource.id}: ${w.message}`;
  });
  return ['Doctor:', ...lines];
}

function awsLines(aws: AwsCheck, style: Style): string[] {
  if (!aws.resources.length) return ['The policy names no AWS resources to check.', ...warningLines(aws, style)];
  const labels = aws.resources.map((r) => `${r.type} ${r.id}`);
  const width = Math.max(...labels.map((label) => label.length));
  const rows = aws.resources.map((resource, index) => {
    const status = resource.exists ? style.green('found  ') : style.red('MISSING');
    return `  ${status}  ${(labels[index] as string).padEnd(width)}  used by ${resource.usedBy.join(', ')}${detail(resource)}`;
  });
  const found = aws.resources.filter((r) => r.exists).length;
  const total = aws.resources.length;
  const verdict = found === total ? style.green(`all ${plural(total, 'resource')} found`) : style.red(`${total - found} of ${plural(total, 'resource')} missing`);
  const errors = aws.warnings.filter((w) => w.severity === 'error').length;
  const findings = aws.warnings.length ? `; ${plural(aws.warnings.length, 'finding')}${errors ? `, ${plural(errors, 'error')}` : ''}` : '';
  return [`AWS resources (${describeTarget(aws)}):`, ...rows, ...warningLines(aws, style), `${verdict}${findings}`];
}

export function formatValidation(result: ValidateResult, style: Style): string {
  if (!result.valid) {
    const head = `${style.bold(result.file)}: ${style.red('invalid policy')}, ${plural(result.issues.length, 'issue')}`;
    return [head, ...result.issues.map(issueLine)].join('\n') + '\n';
  }
  const { settings } = result;
  const lines = [
    `${style.bold(result.file)}: ${style.green('valid policy')}, ${plural(result.rules, 'rule')} and ${plural(result.schedules, 'schedule')}`,
    `  settings: dryRun ${settings.dryRun}, maxActionsPerHour ${settings.maxActionsPerHour}, killSwitchParameter ${settings.killSwitchParameter}`,
  ];
  lines.push(
    result.selftest.ready
      ? `  selftest: enabled by dry-run rule ${result.selftest.rules.join(', ')} (ops-autopilot selftest --stage <stage>)`
      : `  selftest: not enabled; ${result.selftest.howTo.split('\n').join('\n    ')}`,
  );
  if (result.aws) lines.push(...awsLines(result.aws, style));
  return lines.join('\n') + '\n';
}
