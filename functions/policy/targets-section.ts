/**
 * The policy's `targets`: names for resources, given once and used by steps. A target is an
 * Auto Scaling group, an RDS instance or an Aurora cluster, named literally or as a resource
 * of a CloudFormation stack. Database targets may say where their readers are published
 * (`readerEndpoint`, `readersParameter`); the replica lifecycle uses those.
 */
import * as z from 'zod';
import { resourceValue } from './reference-schemas';
import type { StackResourceRef, TargetField } from './references';

/** Which kind of resource each target key names, and the step field that takes it. */
export const TARGET_KINDS = {
  autoScalingGroup: 'group',
  rdsInstance: 'source',
  rdsCluster: 'cluster',
} as const satisfies Record<string, TargetField>;

export type TargetKind = keyof typeof TARGET_KINDS;
const KIND_NAMES = Object.keys(TARGET_KINDS) as TargetKind[];

export function kindForField(field: TargetField): TargetKind {
  return KIND_NAMES.find((kind) => TARGET_KINDS[kind] === field) as TargetKind;
}

/** Route 53 hosted zone ids: upper-case letters and digits, at most 32 (AWS's begin with Z; the embedded AWS's need not). */
const hostedZoneId = z.string().regex(/^[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id, e.g. Z0000000000000EXAMPLE');

/** A DNS name: labels of letters, digits and inner dashes, at most 63 each and 253 in all; a final dot is allowed. */
const dnsName = z
  .string()
  .max(254, 'must be at most 253 characters')
  .regex(/^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/, 'must be a DNS name, e.g. reader.app-db.internal');

export const ssmParameterName = z.string().regex(/^\/[\w./-]+$/, 'must be an SSM parameter name starting with /');

const readerEndpoint = z
  .strictObject({
    hostedZoneId,
    name: dnsName,
    /** Seconds. */
    ttl: z.number().int('must be whole seconds').min(1, 'must be at least 1').max(2147483647, 'must be at most 2147483647'),
    /**
     * Seconds a replica stays out of the endpoint before it is deleted, so resolvers and pools
     * have moved away from it. @default 2 × ttl
     */
    drainSeconds: z.number().int('must be whole seconds').max(86400, 'must be at most 86400 (a day)').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.drainSeconds !== undefined && value.drainSeconds < 2 * value.ttl) {
      ctx.addIssue({
        code: 'custom',
        path: ['drainSeconds'],
        message: `must be at least twice the ttl (${2 * value.ttl}): a resolver may keep the old answer for a ttl, and a pool needs time to move its connections`,
      });
    }
  });

export type ReaderEndpoint = z.output<typeof readerEndpoint>;
type ResourceValue = string | StackResourceRef;

interface DatabaseExtras {
  /** A Route 53 record listing the available replicas' addresses. */
  readerEndpoint?: ReaderEndpoint;
  /** SSM String parameter: comma-separated endpoint addresses of the available replicas. */
  readersParameter?: string;
}

/** Exactly one kind per target; the reader keys only on databases. */
export type Target =
  | { autoScalingGroup: ResourceValue; rdsInstance?: never; rdsCluster?: never; readerEndpoint?: never; readersParameter?: never }
  | ({ rdsInstance: ResourceValue; autoScalingGroup?: never; rdsCluster?: never } & DatabaseExtras)
  | ({ rdsCluster: ResourceValue; autoScalingGroup?: never; rdsInstance?: never } & DatabaseExtras);

export function targetKind(target: Target): TargetKind {
  return KIND_NAMES.find((kind) => target[kind] !== undefined) as TargetKind;
}

const targetSchema = z
  .strictObject({
    autoScalingGroup: resourceValue.optional(),
    rdsInstance: resourceValue.optional(),
    rdsCluster: resourceValue.optional(),
    readerEndpoint: readerEndpoint.optional(),
    readersParameter: ssmParameterName.optional(),
  })
  .superRefine((value, ctx) => {
    const kinds = KIND_NAMES.filter((kind) => value[kind] !== undefined);
    if (kinds.length !== 1) {
      const found = kinds.length ? `found ${kinds.join(', ')}` : 'found none';
      ctx.addIssue({ code: 'custom', path: [], message: `names exactly one of ${KIND_NAMES.join(', ')}; ${found}` });
    }
    if (value.autoScalingGroup !== undefined) {
      for (const key of ['readerEndpoint', 'readersParameter'] as const) {
        if (value[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only a database target (rdsInstance, rdsCluster) has readers' });
      }
    }
  })
  .transform((value) => value as Target);

const TARGET_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Names checked one by one, so each issue names its target (a record's key schema reports only "invalid key"). */
export const targetsSection = z.record(z.string(), targetSchema).superRefine((targets, ctx) => {
  for (const name of Object.keys(targets)) {
    if (!TARGET_NAME.test(name) || name.length > 64) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'a target name must be lowercase letters, digits and single dashes, at most 64, e.g. app-db' });
    }
  }
});
export type Targets = z.output<typeof targetsSection>;
