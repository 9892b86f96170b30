/**
 * The worked example's stack (infra/examples/wordpress/template.yml) in the embedded AWS. The
 * emulator's CloudFormation skips CloudWatch alarms, so the alarms the template declares are
 * created here with the names CloudFormation would give them (`<stack>-<logicalId>-<suffix>`)
 * and the dimensions their template gives, the stack's physical ids filled in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, type ComparisonOperator, type Statistic } from '@aws-sdk/client-cloudwatch';
import { parse } from 'yaml';
import { clientConfig } from '../../functions/aws/clients';
import { cloudFormationStackResources } from '../../functions/aws/stack-resources';

export const EXAMPLE_DIR = join(__dirname, '..', '..', 'infra', 'examples', 'wordpress');
export const EXAMPLE_TEMPLATE = readFileSync(join(EXAMPLE_DIR, 'template.yml'), 'utf8');
export const EXAMPLE_POLICY = join(EXAMPLE_DIR, 'policy.yml');

interface AlarmProperties {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
  Statistic: Statistic;
  Period: number;
  EvaluationPeriods: number;
  ComparisonOperator: ComparisonOperator;
  Threshold: number;
  AlarmActions?: string[];
}

export interface DeployedStack {
  name: string;
  /** Physical ids by logical id, alarms included. */
  ids: Record<string, string>;
}

const cfn = new CloudFormationClient(clientConfig());
const cloudWatch = new CloudWatchClient(clientConfig());

/** Deploys `template` (the example, or a variant of it) as `name`, then its alarms. */
export async function deployStack(name: string, template: string = EXAMPLE_TEMPLATE, suffix = 'DUEENYONAHR8'): Promise<DeployedStack> {
  await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: template }));
  const listed = (await cloudFormationStackResources(cfn)(name)) ?? [];
  const ids: Record<string, string> = Object.fromEntries(listed.flatMap((r) => (r.logicalId && r.physicalId ? [[r.logicalId, r.physicalId]] : [])));
  // Short forms (!Ref X) read as their plain value: the logical id they refer to.
  const resources = (parse(template, { logLevel: 'silent' }) as { Resources: Record<string, { Type: string; Properties: AlarmProperties }> }).Resources;
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = resource.Properties;
    const alarmName = `${name}-${logicalId}-${suffix}`;
    await cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        Namespace: p.Namespace,
        MetricName: p.MetricName,
        Dimensions: p.Dimensions.map((d) => ({ Name: d.Name, Value: ids[d.Value] ?? d.Value })),
        Statistic: p.Statistic,
        Period: Number(p.Period),
        EvaluationPeriods: Number(p.EvaluationPeriods),
        ComparisonOperator: p.ComparisonOperator,
        Threshold: Number(p.Threshold),
        ...(p.AlarmActions ? { AlarmActions: p.AlarmActions } : {}),
      }),
    );
    ids[logicalId] = alarmName;
  }
  return { name, ids };
}

/** Deletes the stack and, as CloudFormation would, the alarms deployStack created for it. */
export async function deleteStack(name: string): Promise<void> {
  await cfn.send(new DeleteStackCommand({ StackName: name }));
  const { MetricAlarms } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${name}-` }));
  const names = (MetricAlarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : []));
  if (names.length) await cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: names }));
}
