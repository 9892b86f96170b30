/**
 * The action ledger, by concern: exactly-once claims with recorded intents and an outbox,
 * per-resource slots (serialisation and cooldown), the hourly budget, incidents and the audit
 * record. One interface, two implementations: DynamoDB (dynamodb/), where every guard is a
 * conditional write so two invocations cannot both pass it, and an in-memory double
 * (memory-ledger.ts) for unit tests of the runner.
 */
import type { Alert } from '../model/alert';
import type { HeldBy, ResourceRef, StateSnapshot } from '../model/vocabulary';

/** One unit of exactly-once work: a step of a rule for one signal, or a function's own report of it. */
export interface WorkKey {
  signalId: string;
  /** `<rule>#<index>` for a step; `event` for rds-events' alert on the event itself. */
  unit: string;
}

/** A plan decided and about to be executed, in absolute terms. */
export interface Intent {
  plan: object;
  before: StateSnapshot;
  after: StateSnapshot;
  summary: string;
}

/** How a settled unit continues: `done` is final; `held` and `retry` are claimed again by a later attempt. */
export type Continuation = 'done' | 'held' | 'retry';

export type Claim =
  | {
      result: 'claimed';
      /** A plan an earlier attempt recorded: carry it out, never decide again. */
      intent?: Intent;
      /** Reports an earlier attempt settled but did not publish: publish them, then finish. */
      outbox?: { alerts: Alert[]; then: Continuation };
      /** The guard whose hold an earlier attempt already reported, so it is not reported again. */
      heldReported?: HeldBy;
    }
  | { result: 'done' }
  /** Another live attempt holds the unit until `until` (epoch ms). */
  | { result: 'busy'; until: number };

/** `slot-lost`: the unit's lease on the resource ran out and another unit took it over. */
export type IntentRecorded = 'recorded' | 'budget-spent' | 'slot-lost';

export interface Settlement {
  then: Continuation;
  /** What the unit ended as, for the record: an outcome, `alerted` or a hold. */
  outcome: string;
  /** The unit's reports: each gets an audit record. */
  reports: Alert[];
  /** Already published (a change, whose report is rebuilt from its intent), or kept in the outbox until markPublished. */
  published: boolean;
  /** The resource slot this unit holds, given back; `changed` starts the cooldown. */
  release?: { resource: ResourceRef; changed: boolean };
  /** Remembered so a hold that lasts is reported once. */
  heldReported?: HeldBy;
}

export interface Claims {
  /** Claims a unit for this attempt: new, released for retry or held, or an earlier attempt's lease ran out. */
  claim(key: WorkKey, attempt: string, now: Date): Promise<Claim>;
  /** Whether the unit is finished, read only (for `plan`: a run would call it a duplicate). */
  isDone(key: WorkKey): Promise<boolean>;
  /**
   * Records the plan and spends one unit of this hour's budget with it, atomically and once,
   * while the unit still holds the slot of the resource it changes.
   */
  recordIntent(key: WorkKey, attempt: string, intent: Intent, slot: ResourceRef, maxPerHour: number, now: Date): Promise<IntentRecorded>;
  /** Settles the unit with its reports (and their audit records) in one write. */
  settle(key: WorkKey, attempt: string, settlement: Settlement, now: Date): Promise<void>;
  /** The outbox was published: the unit continues as settled. */
  markPublished(key: WorkKey, attempt: string): Promise<void>;
  /**
   * Gives back a unit this attempt could not finish, keeping its intent and outbox, so any
   * later attempt (another delivery, reconcile) continues it at once instead of waiting out the lease.
   */
  release(key: WorkKey, attempt: string): Promise<void>;
}

export interface SlotState {
  /** When this automation last changed the resource (epoch ms). */
  lastChangeAt?: number;
  /** The unit holding the resource now, and until when (epoch ms). */
  holder?: string;
  heldUntil?: number;
}

export type SlotTake =
  | { taken: true }
  | { taken: false; heldBy: 'busy'; holder: string; until: number }
  | { taken: false; heldBy: 'cooldown'; lastChangeAt: number };

export interface Slots {
  /**
   * Takes the resource for one unit: when no other unit holds it and `cooldownSeconds` have
   * passed since our last change. A unit that finds the slot already its own continues.
   */
  takeSlot(resource: ResourceRef, holder: string, cooldownSeconds: number, now: Date): Promise<SlotTake>;
  readSlot(resource: ResourceRef): Promise<SlotState>;
  /**
   * Moves the cooldown's start forward to `at` (epoch ms), never back: a replica step's
   * cooldown counts from when the replica became available, not from the request.
   */
  restartCooldown(resource: ResourceRef, at: number): Promise<void>;
}

export interface Budget {
  budgetSpent(now: Date): Promise<number>;
}

export interface OpenIncident {
  key: string;
  openedAt: string;
  signalId: string;
  details: Record<string, string>;
  /** When an incident still open should be said to be overdue (ISO); such incidents are watched. */
  overdueAt?: string;
}

export interface Incidents {
  /** Opens an incident unless one is open; returns the incident open afterwards. */
  openIncident(incident: OpenIncident, now: Date): Promise<OpenIncident>;
  /**
   * Closes the open incident for `signalId` and returns it; the same signal closing it again
   * (a retry) gets the same answer. Undefined when none was open.
   */
  closeIncident(key: string, signalId: string, now: Date): Promise<OpenIncident | undefined>;
  /** Watched incidents still open at their `overdueAt`, oldest first. */
  overdueIncidents(now: Date): Promise<OpenIncident[]>;
  /** Stops watching an incident (it was said to be overdue). */
  unwatchIncident(incident: OpenIncident): Promise<void>;
}

/** Named high-water marks: how far a reader has read, e.g. reconcile through RDS events. */
export interface Marks {
  readMark(name: string): Promise<string | undefined>;
  /** Moves the mark forward to `value` (ISO time); a mark already further stays. */
  advanceMark(name: string, value: string, now: Date): Promise<void>;
}

export type Ledger = Claims & Slots & Budget & Incidents & Marks;

/** How long a claim or slot protects work in progress: twice the functions' 60 s timeout. */
export const LEASE_SECONDS = 120;

export const workId = (key: WorkKey) => `${key.signalId}#${key.unit}`;
