/**
 * The step schemas: what each action accepts. Strict objects, so a typo in a key is an
 * error, not a silently ignored option. Cross-field rules (source xor cluster, by xor to,
 * min ≤ max) live beside each schema so the message names the field.
 *
 * Two forms from one definition: the policy's (`PolicyStep`: `group`, `source`, `cluster`
 * take any target reference) and the resolved one the actions run (`Step`: identifiers only).
 */
import * as z from 'zod';
import { SEVERITIES } from '../model/vocabulary';
import { targetReference } from '../policy/reference-schemas';
import { ENGINE_REPLICA_LIMIT } from './database/replica-limit';

const identifier = z.string().trim().min(1, 'must not be empty');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');
const seconds = z.number().int('must be whole seconds').min(0, 'must be 0 or more');

function minNotAboveMax(value: { min?: number; max?: number }, ctx: z.RefinementCtx, field: 'min' | 'max' = 'min') {
  if (value.min !== undefined && value.max !== undefined && value.min > value.max) {
    ctx.addIssue({ code: 'custom', path: [field], message: `min (${value.min}) is above max (${value.max})` });
  }
}

function exactlyOne<K extends string>(value: Record<string, unknown>, keys: readonly [K, K], ctx: z.RefinementCtx) {
  const present = keys.filter((k) => value[k] !== undefined);
  if (present.length === 2) {
    ctx.addIssue({ code: 'custom', path: [keys[1]], message: `give either ${keys[0]} or ${keys[1]}, not both` });
  } else if (present.length === 0) {
    ctx.addIssue({ code: 'custom', path: [], message: `needs one of ${keys[0]} or ${keys[1]}` });
  }
}

const instanceClass = z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, 'must look like db.r6g.large');

/** What a new replica may take instead of the source's settings, and the key it may use. */
const replicaOptions = {
  /** @default the source's (or writer's) instance class */
  instanceClass: instanceClass.optional(),
  /** VPC security group ids for new replicas of a plain RDS source. @default the source's */
  securityGroups: z
    .array(z.string().regex(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a security group id, e.g. sg-0123456789abcdef0'))
    .min(1, 'must list at least one security group')
    .refine((ids) => new Set(ids).size === ids.length, 'must not list a security group twice')
    .optional(),
  /**
   * The customer managed KMS key an encrypted plain RDS source uses: the role may then let RDS
   * create grants on it. Not needed for the AWS managed key (aws/rds). @default none
   */
  kmsKey: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/, 'must be a KMS key ARN, e.g. arn:aws:kms:us-east-1:123456789012:key/…')
    .optional(),
};

/** Security groups and the KMS key are a plain RDS replica's own; an Aurora reader has the cluster's. */
function onlyForSource(value: { cluster?: unknown; securityGroups?: string[]; kmsKey?: string }, ctx: z.RefinementCtx) {
  if (value.cluster === undefined) return;
  if (value.securityGroups !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['securityGroups'], message: "applies to replicas of a source only; an Aurora reader uses the cluster's security groups" });
  }
  if (value.kmsKey !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['kmsKey'], message: "applies to replicas of a source only; an Aurora reader is encrypted with the cluster's key" });
  }
}

/** The steps that create replicas: a source or a cluster, and the options a plain replica alone takes. */
function newReplicaRules(value: { source?: unknown; cluster?: unknown; securityGroups?: string[]; kmsKey?: string }, ctx: z.RefinementCtx) {
  exactlyOne(value, ['source', 'cluster'], ctx);
  onlyForSource(value, ctx);
}

/** Every step's schema, with `target` as the schema of `group`, `source` and `cluster`. */
function stepSchemas<Target extends z.ZodType>(target: Target) {
  /** A database target: a plain RDS instance (`source`) or an Aurora cluster (`cluster`). */
  const databaseTarget = {
    /** The source RDS instance whose read replicas are managed. */
    source: target.optional(),
    /** The Aurora cluster whose reader instances are managed. */
    cluster: target.optional(),
  };

  const scaleAutoScalingGroupStep = z
    .strictObject({
      group: target,
      /** Signed change of the desired capacity. */
      by: z.number().int('must be a whole number').refine((n) => n !== 0, 'must not be 0').optional(),
      /** Absolute desired capacity. */
      to: count.optional(),
      min: count.optional(),
      max: count.optional(),
      /** @default 300 */
      cooldown: seconds.default(300),
    })
    .superRefine((v, ctx) => {
      exactlyOne(v, ['by', 'to'], ctx);
      minNotAboveMax(v, ctx);
    });

  const addReadReplicaStep = z
    .strictObject({
      ...databaseTarget,
      /** Replicas (or Aurora readers) in total, unmanaged ones included. @default 15 */
      max: count.max(ENGINE_REPLICA_LIMIT, `the engine allows at most ${ENGINE_REPLICA_LIMIT} replicas`).default(ENGINE_REPLICA_LIMIT),
      /** @default 600 */
      cooldown: seconds.default(600),
      ...replicaOptions,
    })
    .superRefine(newReplicaRules);

  const removeReadReplicaStep = z
    .strictObject({
      ...databaseTarget,
      /** Replicas that must remain, unmanaged ones included. @default 0 */
      min: count.max(ENGINE_REPLICA_LIMIT).default(0),
      /** @default 600 */
      cooldown: seconds.default(600),
    })
    .superRefine((v, ctx) => exactlyOne(v, ['source', 'cluster'], ctx));

  const setCapacityStep = z
    .strictObject({
      group: target,
      min: count.optional(),
      desired: count.optional(),
      max: count.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.min === undefined && v.desired === undefined && v.max === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs at least one of min, desired, max' });
      }
      minNotAboveMax(v, ctx);
      if (v.desired !== undefined && v.min !== undefined && v.desired < v.min) {
        ctx.addIssue({ code: 'custom', path: ['desired'], message: `desired (${v.desired}) is below min (${v.min})` });
      }
      if (v.desired !== undefined && v.max !== undefined && v.desired > v.max) {
        ctx.addIssue({ code: 'custom', path: ['desired'], message: `desired (${v.desired}) is above max (${v.max})` });
      }
    });

  const setReadReplicasStep = z
    .strictObject({
      ...databaseTarget,
      count: count.max(ENGINE_REPLICA_LIMIT, `the engine allows at most ${ENGINE_REPLICA_LIMIT} replicas`),
      ...replicaOptions,
    })
    .superRefine(newReplicaRules);

  const alertStep = z.strictObject({
    severity: z.enum(SEVERITIES),
    title: z.string().min(1).optional(),
  });

  return {
    scaleAutoScalingGroup: scaleAutoScalingGroupStep,
    addReadReplica: addReadReplicaStep,
    removeReadReplica: removeReadReplicaStep,
    setCapacity: setCapacityStep,
    setReadReplicas: setReadReplicasStep,
    alert: alertStep,
  } as const;
}

/** The resolved steps: what the actions receive. */
export const STEP_SCHEMAS = stepSchemas(identifier);
export const {
  scaleAutoScalingGroup: scaleAutoScalingGroupStep,
  addReadReplica: addReadReplicaStep,
  removeReadReplica: removeReadReplicaStep,
  setCapacity: setCapacityStep,
  setReadReplicas: setReadReplicasStep,
  alert: alertStep,
} = STEP_SCHEMAS;

/** The steps as written in the policy. */
export const POLICY_STEP_SCHEMAS = stepSchemas(targetReference);

export type StepType = keyof typeof STEP_SCHEMAS;
export const STEP_TYPES = Object.keys(STEP_SCHEMAS) as StepType[];

type Schemas = typeof STEP_SCHEMAS;
export type ScaleAutoScalingGroupStep = z.output<Schemas['scaleAutoScalingGroup']>;
export type AddReadReplicaStep = z.output<Schemas['addReadReplica']>;
export type RemoveReadReplicaStep = z.output<Schemas['removeReadReplica']>;
export type SetCapacityStep = z.output<Schemas['setCapacity']>;
export type SetReadReplicasStep = z.output<Schemas['setReadReplicas']>;
export type AlertStep = z.output<Schemas['alert']>;

/** A resolved step: its type and its options, as a discriminated union; targets are identifiers. */
export type Step = {
  [K in StepType]: { type: K; options: z.output<Schemas[K]> };
}[StepType];

/** A step as the policy has it: targets may be target names, stack resources or alarm dimensions. */
export type PolicyStep = {
  [K in StepType]: { type: K; options: z.output<(typeof POLICY_STEP_SCHEMAS)[K]> };
}[StepType];
