/**
 * What the doctor reads from AWS about the resources the resolved steps change, read-only:
 * DescribeAutoScalingGroups and DescribePolicies (the group's size, stack tags and its own
 * scaling policies), ListStackResources and GetTemplate (whether its stack sets
 * DesiredCapacity), DescribeDBInstances (backup retention), DescribeScalableTargets (Aurora
 * Auto Scaling). Resources that do not exist are left out: the resource check reports them.
 */
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { paginateDescribeAutoScalingGroups, paginateDescribePolicies } from '@aws-sdk/client-auto-scaling';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { parse as parseYaml } from 'yaml';
import { LOGICAL_ID_TAG, STACK_NAME_TAG } from '../../aws/cloudformation-tags';
import { cloudFormationStackResources } from '../../aws/stack-resources';
import { isRecord } from '../../signals/json';
import type { AlarmsFound } from './check-alarms';
import { ask } from './check-aws';
import type { DoctorClients } from './doctor-clients';
import type { ResolvedStep } from './resolve-steps';
import type { DoctorFacts, GroupFacts } from './warnings';

const SCALABLE_TARGETS_BATCH = 50;

const unique = (values: string[]) => [...new Set(values)];

/** Whether the template gives the resource a DesiredCapacity; YAML short forms (!Ref …) are read as plain values. */
async function setsDesiredCapacity(clients: DoctorClients, stack: string, logicalId: string, templates: Map<string, Promise<unknown>>): Promise<boolean> {
  if (!templates.has(stack)) {
    templates.set(stack, clients.cloudFormation.send(new GetTemplateCommand({ StackName: stack })).then((t) => parseYaml(t.TemplateBody ?? '{}', { logLevel: 'silent' })));
  }
  const template = await templates.get(stack);
  const resources = isRecord(template) && isRecord(template.Resources) ? template.Resources : {};
  const resource = resources[logicalId];
  return isRecord(resource) && isRecord(resource.Properties) && resource.Properties.DesiredCapacity !== undefined;
}

/** The group's stack: its CloudFormation tags, else the stack of its `{ stack, logicalId }` target. */
async function stackOf(clients: DoctorClients, name: string, tags: Map<string, string>, steps: ResolvedStep[]): Promise<{ name: string; logicalId?: string } | undefined> {
  const tagged = tags.get(STACK_NAME_TAG);
  if (tagged) return { name: tagged, logicalId: tags.get(LOGICAL_ID_TAG) };
  const ref = steps.flatMap((s) => ('group' in s.step.options && s.step.options.group === name ? s.stackResources : []))[0];
  if (ref) return { name: ref.stack, logicalId: ref.logicalId };
  return undefined;
}

async function groupFacts(clients: DoctorClients, steps: ResolvedStep[]): Promise<GroupFacts[]> {
  const names = unique(steps.flatMap(({ step }) => (step.type === 'scaleAutoScalingGroup' || step.type === 'setCapacity' ? [step.options.group] : [])));
  if (!names.length) return [];
  const templates = new Map<string, Promise<unknown>>();
  const facts: GroupFacts[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client: clients.autoScaling }, { AutoScalingGroupNames: names })) {
    for (const group of page.AutoScalingGroups ?? []) {
      const name = group.AutoScalingGroupName ?? '';
      const tags = new Map((group.Tags ?? []).flatMap((t) => (t.Key && t.Value ? [[t.Key, t.Value] as [string, string]] : [])));
      const stack = await stackOf(clients, name, tags, steps);
      // Without a logical-id tag, the stack's own listing says which of its resources the group is.
      const logicalId =
        stack?.logicalId ?? (stack ? (await cloudFormationStackResources(clients.cloudFormation)(stack.name))?.find((r) => r.physicalId === name)?.logicalId : undefined);
      const scalingPolicies: string[] = [];
      for await (const policies of paginateDescribePolicies({ client: clients.autoScaling }, { AutoScalingGroupName: name })) {
        for (const policy of policies.ScalingPolicies ?? []) if (policy.PolicyARN) scalingPolicies.push(policy.PolicyARN);
      }
      facts.push({
        name,
        maxSize: group.MaxSize ?? 0,
        ...(stack && logicalId ? { stack: { name: stack.name, logicalId, setsDesiredCapacity: await setsDesiredCapacity(clients, stack.name, logicalId, templates) } } : {}),
        scalingPolicies,
      });
    }
  }
  return facts;
}

async function sourceFacts(clients: DoctorClients, steps: ResolvedStep[]): Promise<DoctorFacts['sources']> {
  const ids = unique(steps.flatMap(({ step }) => ((step.type === 'addReadReplica' || step.type === 'setReadReplicas') && step.options.source ? [step.options.source] : [])));
  const sources: DoctorFacts['sources'] = [];
  for (const id of ids) {
    try {
      const { DBInstances } = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      const instance = DBInstances?.[0];
      if (instance) sources.push({ id, backupRetentionDays: instance.BackupRetentionPeriod ?? 0 });
    } catch (err) {
      if (!(err instanceof Error && /NotFound/.test(err.name))) throw err;
    }
  }
  return sources;
}

async function autoScaledClusters(clients: DoctorClients, steps: ResolvedStep[]): Promise<string[]> {
  const clusters = unique(steps.flatMap(({ step }) => ('cluster' in step.options && step.options.cluster ? [step.options.cluster] : [])));
  const registered: string[] = [];
  for (let i = 0; i < clusters.length; i += SCALABLE_TARGETS_BATCH) {
    const ResourceIds = clusters.slice(i, i + SCALABLE_TARGETS_BATCH).map((c) => `cluster:${c}`);
    const { ScalableTargets } = await clients.applicationAutoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'rds', ResourceIds }));
    for (const target of ScalableTargets ?? []) if (target.ResourceId) registered.push(target.ResourceId.replace(/^cluster:/, ''));
  }
  return unique(registered);
}

function alarmFacts(alarms: AlarmsFound): DoctorFacts['alarms'] {
  const byName = new Map<string, DoctorFacts['alarms'][number]>();
  for (const [rule, facts] of alarms.byRule) {
    for (const alarm of facts) {
      const entry = byName.get(alarm.name) ?? { name: alarm.name, actions: alarm.actions, rules: [] };
      entry.rules.push(rule);
      byName.set(alarm.name, entry);
    }
  }
  return [...byName.values()];
}

/** @throws AwsUnavailableError when a read fails for any reason but "not found" */
export async function doctorFacts(clients: DoctorClients, steps: ResolvedStep[], alarms: AlarmsFound): Promise<DoctorFacts> {
  return {
    steps,
    groups: await ask('the Auto Scaling groups, their policies and stacks', () => groupFacts(clients, steps)),
    alarms: alarmFacts(alarms),
    sources: await ask('the replica sources', () => sourceFacts(clients, steps)),
    autoScaledClusters: await ask('Aurora Auto Scaling', () => autoScaledClusters(clients, steps)),
  };
}
