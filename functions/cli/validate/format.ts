/** `validate`'s human-readable output: the verdict first, then each issue or each resource on its own line. */
import type { PolicyIssue } from '../../errors';
import type { Style } from '../style';
import { describeTarget } from '../aws';
import { plural } from '../plural';
import type { AwsCheck, ValidateResult } from './result';

function issueLine(issue: PolicyIssue): string {
  return `  - ${issue.where}${issue.field ? `, field ${issue.field}` : ''}: ${issue.message}`;
}

function awsLines(aws: AwsCheck, style: Style): string[] {
  if (!aws.resources.length) return ['The policy names no AWS resources to check.'];
  const labels = aws.resources.map((r) => `${r.type} ${r.id}`);
  const width = Math.max(...labels.map((label) => label.length));
  const rows = aws.resources.map((resource, index) => {
    const status = resource.exists ? style.green('found  ') : style.red('MISSING');
    return `  ${status}  ${(labels[index] as string).padEnd(width)}  used by ${resource.usedBy.join(', ')}`;
  });
  const found = aws.resources.filter((r) => r.exists).length;
  const total = aws.resources.length;
  const verdict = found === total ? style.green(`all ${plural(total, 'resource')} found`) : style.red(`${total - found} of ${plural(total, 'resource')} missing`);
  return [`AWS resources (${describeTarget(aws)}):`, ...rows, verdict];
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
  if (result.aws) lines.push(...awsLines(result.aws, style));
  return lines.join('\n') + '\n';
}
