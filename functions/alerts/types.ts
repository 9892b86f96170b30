/** The alert JSON on the topic: the contract in DESIGN.md ("Alerts on the topic"). */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OUTCOMES = ['done', 'skipped', 'failed', 'dry-run'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `function` (extension): the ops-autopilot function itself, e.g. when it rejects an input. */
export type ResourceType = 'auto-scaling-group' | 'rds-instance' | 'rds-cluster' | 'alarm' | 'function';

export interface ResourceRef {
  type: ResourceType;
  id: string;
  arn?: string;
}

export interface TriggerRef {
  kind: 'alarm' | 'rds-event' | 'schedule';
  /** Identity of the triggering event (the Signal id). */
  id: string;
  name: string;
  state?: string;
}

/** A snapshot of what the action looked at or left behind; small and flat, shown as before → after. */
export type StateSnapshot = Record<string, string | number | boolean | string[] | null>;

export interface ActionReport {
  type: string;
  rule: string;
  outcome: Outcome;
  reason: string;
  before: StateSnapshot;
  after: StateSnapshot;
}

export interface Link {
  title: string;
  url: string;
}

export interface Alert {
  version: 1;
  kind: 'action' | 'alert';
  severity: Severity;
  title: string;
  summary: string;
  incident: string;
  resource: ResourceRef;
  trigger: TriggerRef;
  /** Present when kind is "action". */
  action?: ActionReport;
  links: Link[];
  time: string;
  /** Extension: facts read from AWS to enrich an alert (new writer, failover duration…). */
  details?: Record<string, string | number | boolean>;
}
