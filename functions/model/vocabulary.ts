/**
 * The domain vocabulary every layer shares: what a resource is, how an action ended, how bad
 * an alert is. A leaf: it imports nothing of the project, so ledger, runner, actions and
 * alerts all depend on it and never on each other for words.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OUTCOMES = ['done', 'skipped', 'failed', 'dry-run'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `function` (extension): the ops-autopilot function itself, e.g. when it rejects an input. */
export const RESOURCE_TYPES = ['auto-scaling-group', 'rds-instance', 'rds-cluster', 'alarm', 'function'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourceRef {
  type: ResourceType;
  id: string;
  arn?: string;
}

/** `reconcile` (extension of the contract's list): a change the minute loop made from the state of AWS. */
export const TRIGGER_KINDS = ['alarm', 'rds-event', 'schedule', 'reconcile'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** A snapshot of what the action looked at or left behind; small and flat, shown as before → after. */
export type StateSnapshot = Record<string, string | number | boolean | string[] | null>;

export interface ActionReport {
  type: string;
  rule: string;
  outcome: Outcome;
  reason: string;
  before: StateSnapshot;
  after: StateSnapshot;
  /** Extension: the guard that held the step back, when one did. */
  heldBy?: HeldBy;
}

/**
 * The guards, in the order the runner walks them. A step held by one of them is not settled:
 * it is tried again while its trigger holds (reconcile), so a pause or a spent budget delays an
 * action instead of losing it. Dry run is the exception: it is the answer.
 */
export const GUARD_NAMES = ['kill-switch', 'dry-run', 'busy', 'cooldown', 'budget'] as const;
export type HeldBy = (typeof GUARD_NAMES)[number];
