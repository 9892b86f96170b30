/**
 * The guards between a decision and a change, as data, in the order they are taken. Each has
 * a read-only `check` (what `plan` asks) and a `take` (what a run does); both answer with the
 * hold, if any, so `plan` and `run` cannot disagree about what holds a step. Guards live here
 * once, never in an action.
 *
 * The resource guard is taken before deciding, so the state is read while nobody else may
 * change the resource; the change guards after a decision to change, so a report says what
 * would have happened. The budget is taken last, atomically with the recorded intent, so a
 * unit spends at most once however often it is retried.
 */
import type { StepAction } from '../actions/registry';
import type { Decision } from '../actions/types';
import type { Intent, WorkKey } from '../ledger/ledger';
import { workId } from '../ledger/ledger';
import type { HeldBy, ResourceRef } from '../model/vocabulary';
import type { InvocationRequest } from './request';

export interface Hold {
  heldBy: HeldBy;
  reason: string;
}

export interface GuardContext {
  request: InvocationRequest;
  work: WorkKey;
  action: StepAction;
  /** Present for the change guards: what the step would do. */
  decision?: Extract<Decision<object>, { change: true }>;
}

export interface Guard {
  name: string;
  /** Read-only: the hold a real run would meet now. */
  check(ctx: GuardContext): Promise<Hold | undefined>;
  /** Takes the guard for a run, or answers with what holds the step. */
  take(ctx: GuardContext): Promise<Hold | undefined>;
}

export function cooldownReason(resource: ResourceRef, lastChangeAt: number, cooldownSeconds: number, now: Date): string {
  const ago = Math.max(0, Math.round((now.getTime() - lastChangeAt) / 1000));
  return `cooldown: ${resource.id} was changed by ops-autopilot ${ago}s ago; cooldown is ${cooldownSeconds}s (${Math.max(0, cooldownSeconds - ago)}s left)`;
}

function busyReason(resource: ResourceRef, holder: string): string {
  return `another step (${holder}) is changing ${resource.id} right now`;
}

const would = (ctx: GuardContext) => (ctx.decision ? `; would ${ctx.decision.summary}` : '');

/** Serialises changes to one resource and spaces them by the step's cooldown. */
export const resourceSlot: Guard = {
  name: 'resource slot',
  async check({ request, work, action }) {
    const slot = await request.ledger.readSlot(action.resource);
    const now = request.now();
    if (slot.holder && slot.holder !== workId(work) && (slot.heldUntil ?? 0) >= now.getTime()) {
      return { heldBy: 'busy', reason: busyReason(action.resource, slot.holder) };
    }
    const last = slot.lastChangeAt;
    if (action.cooldownSeconds > 0 && last !== undefined && now.getTime() - last < action.cooldownSeconds * 1000) {
      return { heldBy: 'cooldown', reason: cooldownReason(action.resource, last, action.cooldownSeconds, now) };
    }
    return undefined;
  },
  async take({ request, work, action }) {
    const now = request.now();
    const taken = await request.ledger.takeSlot(action.resource, workId(work), action.cooldownSeconds, now);
    if (taken.taken) return undefined;
    if (taken.heldBy === 'busy') return { heldBy: 'busy', reason: busyReason(action.resource, taken.holder) };
    return { heldBy: 'cooldown', reason: cooldownReason(action.resource, taken.lastChangeAt, action.cooldownSeconds, now) };
  },
};

async function pausedHold(ctx: GuardContext): Promise<Hold | undefined> {
  if (!(await ctx.request.isPaused())) return undefined;
  return { heldBy: 'kill-switch', reason: `paused by the kill switch (${ctx.request.policy.settings.killSwitchParameter} is "true")${would(ctx)}` };
}

export const killSwitch: Guard = { name: 'kill switch', check: pausedHold, take: pausedHold };

async function dryRunHold(ctx: GuardContext): Promise<Hold | undefined> {
  const { policy, dryRunRule } = ctx.request;
  if (policy.settings.dryRun) return { heldBy: 'dry-run', reason: `dry run (settings.dryRun)${would(ctx)}` };
  return dryRunRule ? { heldBy: 'dry-run', reason: `dry run (rule ${dryRunRule} has dryRun: true)${would(ctx)}` } : undefined;
}

export const dryRun: Guard = { name: 'dry run', check: dryRunHold, take: dryRunHold };

function budgetReason(ctx: GuardContext): string {
  const max = ctx.request.policy.settings.maxActionsPerHour;
  return `hourly budget spent: ${max} changes already made this hour (maxActionsPerHour)${would(ctx)}`;
}

/**
 * Spends one change of the hour; taking it records the step's intent in the same write, which
 * holds only while the step still has the resource's slot (its lease may have run out meanwhile).
 */
export const hourlyBudget: Guard = {
  name: 'hourly budget',
  async check(ctx) {
    const spent = await ctx.request.ledger.budgetSpent(ctx.request.now());
    return spent >= ctx.request.policy.settings.maxActionsPerHour ? { heldBy: 'budget', reason: budgetReason(ctx) } : undefined;
  },
  async take(ctx) {
    const { decision, request, work, action } = ctx;
    if (!decision) throw new Error('the budget is taken only for a decided change');
    const intent: Intent = { plan: decision.plan, before: decision.before, after: decision.after, summary: decision.summary };
    const recorded = await request.ledger.recordIntent(work, request.attempt, intent, action.resource, request.policy.settings.maxActionsPerHour, request.now());
    if (recorded === 'slot-lost') return { heldBy: 'busy', reason: `another step took over ${action.resource.id} while this one decided` };
    return recorded === 'budget-spent' ? { heldBy: 'budget', reason: budgetReason(ctx) } : undefined;
  },
};

/** Taken before deciding. */
export const RESOURCE_GUARDS: readonly Guard[] = [resourceSlot];
/** Taken after a decision to change, in this order. */
export const CHANGE_GUARDS: readonly Guard[] = [killSwitch, dryRun, hourlyBudget];
export const GUARDS: readonly Guard[] = [...RESOURCE_GUARDS, ...CHANGE_GUARDS];
