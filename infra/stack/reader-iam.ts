/**
 * IAM for published readers (targets' `readerEndpoint` and `readersParameter`), for reconcile,
 * which keeps them, and for the functions whose steps remove replicas, which take a replica
 * out before deleting it. Per the Service Authorization Reference: ChangeResourceRecordSets
 * and ListResourceRecordSets take the `hostedzone` resource (required), and the change is
 * further limited by its condition keys to CNAME records of the endpoint's own name;
 * GetParameter and PutParameter take the `parameter` resource. Marking a replica as draining
 * is AddTagsToResource on our replicas, allowed on the same ARNs and managed-tag condition as
 * their deletion, which reconcile also needs to finish a long drain.
 */
import type { IamStatement } from '../../functions/actions/types';
import { describeDatabases } from '../../functions/actions/database/permissions';
import { normalName } from '../../functions/readers/publication';
import type { PolicyDocument } from '../../functions/policy/schema';
import { parameterArn } from './naming';
import type { RemediationFunction, ScopedStep } from './iam';
import { policyStepPermissions } from './target-iam';

const REMOVES_REPLICAS = new Set(['removeReadReplica', 'setReadReplicas']);

export const hostedZoneArn = (zone: string) => `arn:aws:route53:::hostedzone/${zone}`;

/** The record and parameter calls on exactly the zones, names and parameters the targets give. */
function publicationStatements(policy: PolicyDocument): IamStatement[] {
  return Object.values(policy.targets).flatMap((target): IamStatement[] => [
    ...(target.readerEndpoint
      ? [
          { actions: ['route53:ListResourceRecordSets'], resources: [hostedZoneArn(target.readerEndpoint.hostedZoneId)] },
          {
            actions: ['route53:ChangeResourceRecordSets'],
            resources: [hostedZoneArn(target.readerEndpoint.hostedZoneId)],
            condition: {
              'ForAllValues:StringEquals': {
                'route53:ChangeResourceRecordSetsNormalizedRecordNames': normalName(target.readerEndpoint.name),
                'route53:ChangeResourceRecordSetsRecordTypes': 'CNAME',
              },
            },
          },
        ]
      : []),
    ...(target.readersParameter ? [{ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [parameterArn(target.readersParameter)] }] : []),
  ]);
}

/** Tagging a replica as draining, and deleting it, on the ARNs and condition of the steps' own deletion statements. */
function drainStatements(removals: ScopedStep[]): IamStatement[] {
  return removals
    .flatMap(({ step, scope }) => policyStepPermissions(step, scope))
    .filter((s) => s.actions.includes('rds:DeleteDBInstance'))
    .map((s) => ({ ...s, actions: ['rds:AddTagsToResource', 'rds:DeleteDBInstance'] }));
}

/**
 * What `fn` needs for the policy's published readers: nothing without reader targets; the
 * record, parameter and draining calls for reconcile and for a function whose steps remove
 * replicas; and for reconcile, the deletion of any replica a removal left draining.
 */
export function readerStatements(policy: PolicyDocument, fn: RemediationFunction, steps: Record<RemediationFunction, ScopedStep[]>): IamStatement[] {
  const publications = publicationStatements(policy);
  if (!publications.length) return [];
  const removals = (of: ScopedStep[]) => of.filter(({ step }) => REMOVES_REPLICAS.has(step.type));
  if (fn === 'reconcile') {
    const everyRemoval = Object.values(steps).flatMap(removals);
    return [...publications, describeDatabases, ...drainStatements(everyRemoval)];
  }
  const own = removals(steps[fn]);
  return own.length ? [...publications, ...drainStatements(own)] : [];
}
