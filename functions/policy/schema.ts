/**
 * The policy schema (infra/policy.yml): structure and meaning in one zod schema, so every
 * issue comes back at once with its path. Steps are written `- actionType: { options }`;
 * each action's options are checked by that action's own schema (actions/steps.ts).
 */
import * as z from 'zod';
import { POLICY_STEP_SCHEMAS, STEP_TYPES, type PolicyStep, type Step, type StepType } from '../actions/steps';
import { ALARM_STATES } from '../signals/types';
import { validateAwsCron, validateTimeZone } from './cron';
import { checkReferences } from './reference-checks';
import { stackResourceRef } from './reference-schemas';
import { targetsSection } from './targets-section';

const ruleName = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single dashes, e.g. web-scale-out')
  .max(64, 'must be at most 64 characters');

/** `- scaleAutoScalingGroup: { … }`: exactly one key, a known action, its options valid. */
const stepSchema = z.unknown().transform((raw, ctx): PolicyStep => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', message: `a step is one action, e.g. "- alert: { severity: critical }"; valid actions: ${STEP_TYPES.join(', ')}` });
    return z.NEVER;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a step names exactly one action, found ${keys.length ? keys.join(', ') : 'none'}; valid actions: ${STEP_TYPES.join(', ')}` });
    return z.NEVER;
  }
  const type = keys[0] as string;
  if (!(STEP_TYPES as string[]).includes(type)) {
    ctx.addIssue({ code: 'custom', path: [type], message: `unknown action "${type}"; valid actions: ${STEP_TYPES.join(', ')}` });
    return z.NEVER;
  }
  const parsed = POLICY_STEP_SCHEMAS[type as StepType].safeParse((raw as Record<string, unknown>)[type]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [type, ...issue.path] } as z.core.$ZodRawIssue);
    return z.NEVER;
  }
  return { type, options: parsed.data } as PolicyStep;
});

const steps = z.array(stepSchema).min(1, 'needs at least one step');

const alarmTrigger = z.strictObject({
  /** Alarm name, exact or with * wildcards; or an alarm of a stack, named `<stack>-<logicalId>-*` by CloudFormation. */
  alarm: z.union([z.string().min(1), stackResourceRef], { error: 'must be an alarm name (exact or * glob) or { stack, logicalId }' }),
  /** @default ALARM */
  state: z.enum(ALARM_STATES).default('ALARM'),
});

const rdsEventTrigger = z.strictObject({
  rdsEvent: z
    .strictObject({
      /** RDS event category, e.g. failover, failure, low storage, read replica. */
      category: z.string().min(1).optional(),
      /** RDS-EVENT-nnnn, exact or * glob. */
      eventId: z.string().regex(/^RDS-EVENT-[0-9*]+$/, 'must look like RDS-EVENT-0013').optional(),
      /** Source identifier (instance or cluster name), exact or * glob. */
      source: z.string().min(1).optional(),
    })
    .refine((v) => v.category ?? v.eventId ?? v.source, 'needs at least one of category, eventId, source'),
});

const trigger = z.union([alarmTrigger, rdsEventTrigger], {
  error: 'must be { alarm: <name>, state: ALARM|OK|INSUFFICIENT_DATA } or { rdsEvent: { category, eventId, source } }',
});

const rule = z.strictObject({
  name: ruleName,
  on: trigger,
  /**
   * While the alarm stays in the rule's state, reconcile runs the rule's changing steps again
   * each time their cooldown has passed; false acts on the transition only. @default true
   */
  repeat: z.boolean().default(true),
  /**
   * Seconds: when the alarm has held the rule's state this long and its changing steps can do no
   * more (a bound, the budget), one critical alert pages a human, once per episode. @default none
   */
  escalateAfter: z.number().int('must be whole seconds').min(1, 'must be at least 1 second').optional(),
  /**
   * Decide and report this rule's steps, never change a resource, whatever settings.dryRun says
   * (the self-test's rule: `ops-autopilot selftest`). @default false
   */
  dryRun: z.boolean().optional(),
  do: steps,
});

const schedule = z.strictObject({
  name: ruleName,
  /** EventBridge cron fields: minutes hours day-of-month month day-of-week year. */
  cron: z.string().superRefine((expr, ctx) => {
    const problem = validateAwsCron(expr);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** IANA time zone. @default UTC */
  timezone: z
    .string()
    .default('UTC')
    .superRefine((tz, ctx) => {
      const problem = validateTimeZone(tz);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  do: steps,
});

const settings = z.strictObject({
  /** Decide and report, never change a resource. @default false */
  dryRun: z.boolean().default(false),
  /** Mutating actions allowed per clock hour, across all rules and schedules. @default 10 */
  maxActionsPerHour: z.number().int().min(0).default(10),
  /** SSM parameter whose value "true" pauses every mutation. @default /ops-autopilot/paused */
  killSwitchParameter: z.string().regex(/^\/[\w./-]+$/, 'must be an SSM parameter name starting with /').default('/ops-autopilot/paused'),
  /** reconcile applies a schedule's latest unapplied firing while it is younger than this. @default 3600 */
  catchUpSeconds: z.number().int().min(0).default(3600),
});

function uniqueNames(items: { name: string }[], what: 'rules' | 'schedules', ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [what, index, 'name'], message: `duplicate name "${item.name}" (also ${what}[${first}])` });
    } else seen.set(item.name, index);
  });
}

export const policySchema = z
  .strictObject({
    version: z.literal(1, 'must be 1'),
    settings: settings.default({ dryRun: false, maxActionsPerHour: 10, killSwitchParameter: '/ops-autopilot/paused', catchUpSeconds: 3600 }),
    targets: targetsSection.default({}),
    rules: z.array(rule).default([]),
    schedules: z.array(schedule).default([]),
  })
  .superRefine((policy, ctx) => {
    uniqueNames(policy.rules, 'rules', ctx);
    uniqueNames(policy.schedules, 'schedules', ctx);
    checkReferences(policy, ctx);
  });

/** The policy as written: steps may name targets, stack resources and alarm dimensions. */
export type PolicyDocument = z.output<typeof policySchema>;
export type PolicyRule = PolicyDocument['rules'][number];
export type PolicySchedule = PolicyDocument['schedules'][number];
export type Settings = PolicyDocument['settings'];
export type AlarmTrigger = z.output<typeof alarmTrigger>;
export type RdsEventTrigger = z.output<typeof rdsEventTrigger>;

type Resolved<T extends { do: PolicyStep[] }> = Omit<T, 'do'> & { do: Step[] };

/**
 * The policy with every step's targets resolved to identifiers: what the runner executes.
 * Made from a document by `literalPolicy` (literal-policy.ts) when no step needs an event or
 * CloudFormation to resolve.
 */
export type Policy = Omit<PolicyDocument, 'rules' | 'schedules'> & { rules: Resolved<PolicyRule>[]; schedules: Resolved<PolicySchedule>[] };
export type Rule = Policy['rules'][number];
export type Schedule = Policy['schedules'][number];
export type AlarmRule = Rule & { on: AlarmTrigger };
export type RdsEventRule = Rule & { on: RdsEventTrigger };
