/**
 * The ledger in memory, for unit tests of the runner: the same
 * semantics as the DynamoDB ledger (test/integration/ledger-contract.test.ts runs one suite
 * against both), kept in Maps. `audit` exposes what was recorded; `failNext` lets a test make
 * the next call of a method fail, before or after it takes effect.
 */
import type { Alert } from '../../functions/model/alert';
import type { HeldBy, ResourceRef } from '../../functions/model/vocabulary';
import { ledgerKeys } from '../../functions/ledger/keys';
import { LEASE_SECONDS, workId, type Claim, type Continuation, type Intent, type Ledger, type OpenIncident, type Settlement, type SlotState, type WorkKey } from '../../functions/ledger/ledger';

interface Unit {
  owner: string;
  status: 'claimed' | 'reporting' | Continuation;
  leaseUntil?: number;
  intent?: Intent;
  outbox?: Alert[];
  then?: Continuation;
  outcome?: string;
  heldReported?: HeldBy;
}

export type LedgerMethod = keyof Ledger;

export interface MemoryLedger extends Ledger {
  units: Map<string, Unit>;
  slots: Map<string, SlotState>;
  audit: Alert[];
  /** The next call of `method` throws; with `after`, it takes effect first (an answer lost on the way back). */
  failNext(method: LedgerMethod, options?: { after?: boolean; error?: Error }): void;
  /** Faults armed but not yet fired: a test whose fault never fired proves nothing. */
  armed(): LedgerMethod[];
}

const slotId = (resource: ResourceRef) => ledgerKeys.resourceSlot(resource).pk;
const hourOf = (now: Date) => ledgerKeys.hourlyBudget(now).pk;

export function memoryLedger(): MemoryLedger {
  const units = new Map<string, Unit>();
  const slots = new Map<string, SlotState>();
  const budget = new Map<string, number>();
  const incidents = new Map<string, OpenIncident & { closedBy?: string }>();
  const watched = new Map<string, OpenIncident>();
  const marks = new Map<string, string>();
  const audit: Alert[] = [];
  const faults = new Map<LedgerMethod, { after: boolean; error: Error }>();

  const ownedBy = (key: WorkKey, attempt: string): Unit => {
    const unit = units.get(workId(key));
    if (unit?.owner !== attempt) throw new Error(`condition failed: ${workId(key)} is not owned by ${attempt}`);
    return unit;
  };

  const core: Ledger = {
    async isDone(key) {
      return units.get(workId(key))?.status === 'done';
    },
    async claim(key, attempt, now): Promise<Claim> {
      const id = workId(key);
      const unit = units.get(id);
      const claimable = !unit || (unit.status !== 'done' && (unit.owner === attempt || unit.status === 'held' || unit.status === 'retry' || (unit.leaseUntil ?? Infinity) < now.getTime()));
      if (!claimable) return unit.status === 'done' ? { result: 'done' } : { result: 'busy', until: unit.leaseUntil ?? now.getTime() };
      const before = unit ? { ...unit } : undefined;
      units.set(id, { ...unit, owner: attempt, status: 'claimed', leaseUntil: now.getTime() + LEASE_SECONDS * 1000 });
      return {
        result: 'claimed',
        ...(before?.intent ? { intent: before.intent } : {}),
        ...(before?.outbox?.length ? { outbox: { alerts: before.outbox, then: before.then ?? 'done' } } : {}),
        ...(before?.heldReported ? { heldReported: before.heldReported } : {}),
      };
    },
    async recordIntent(key, attempt, intent, slot, maxPerHour, now) {
      const unit = ownedBy(key, attempt);
      if (unit.intent) return 'recorded';
      if (slots.get(slotId(slot))?.holder !== workId(key)) return 'slot-lost';
      const spent = budget.get(hourOf(now)) ?? 0;
      if (spent >= maxPerHour) return 'budget-spent';
      budget.set(hourOf(now), spent + 1);
      unit.intent = intent;
      return 'recorded';
    },
    async settle(key, attempt, settlement: Settlement, now) {
      const unit = ownedBy(key, attempt);
      const reporting = !settlement.published && settlement.reports.length > 0;
      Object.assign(unit, { status: reporting ? 'reporting' : settlement.then, then: settlement.then, outcome: settlement.outcome });
      if (reporting) unit.outbox = settlement.reports;
      else delete unit.leaseUntil;
      if (settlement.heldReported) unit.heldReported = settlement.heldReported;
      audit.push(...settlement.reports);
      const { release } = settlement;
      const slot = release && slots.get(slotId(release.resource));
      if (release && slot?.holder === workId(key)) {
        slots.set(slotId(release.resource), { lastChangeAt: release.changed ? now.getTime() : slot.lastChangeAt });
      }
    },
    async markPublished(key, attempt) {
      const unit = ownedBy(key, attempt);
      unit.status = unit.then ?? 'done';
      delete unit.outbox;
      delete unit.leaseUntil;
    },
    async release(key, attempt) {
      const unit = units.get(workId(key));
      if (unit?.owner !== attempt || (unit.status !== 'claimed' && unit.status !== 'reporting')) return;
      unit.status = 'retry';
      delete unit.leaseUntil;
    },
    async takeSlot(resource, holder, cooldownSeconds, now) {
      const slot = slots.get(slotId(resource)) ?? {};
      const mine = slot.holder === holder;
      if (slot.holder && !mine && (slot.heldUntil ?? 0) >= now.getTime()) {
        return { taken: false, heldBy: 'busy', holder: slot.holder, until: slot.heldUntil ?? 0 };
      }
      if (!mine && cooldownSeconds > 0 && slot.lastChangeAt !== undefined && slot.lastChangeAt > now.getTime() - cooldownSeconds * 1000) {
        return { taken: false, heldBy: 'cooldown', lastChangeAt: slot.lastChangeAt };
      }
      slots.set(slotId(resource), { ...slot, holder, heldUntil: now.getTime() + LEASE_SECONDS * 1000 });
      return { taken: true };
    },
    async readSlot(resource) {
      return { ...slots.get(slotId(resource)) };
    },
    async restartCooldown(resource, at) {
      const slot = slots.get(slotId(resource)) ?? {};
      if ((slot.lastChangeAt ?? 0) < at) slots.set(slotId(resource), { ...slot, lastChangeAt: at });
    },
    async budgetSpent(now) {
      return budget.get(hourOf(now)) ?? 0;
    },
    async openIncident(incident) {
      const existing = incidents.get(incident.key);
      const open = existing && !existing.closedBy ? existing : { ...incident };
      incidents.set(open.key, open);
      if (open.overdueAt) watched.set(open.key, { ...open });
      return { ...open };
    },
    async closeIncident(key, signalId) {
      const open = incidents.get(key);
      if (!open || (open.closedBy && open.closedBy !== signalId)) return undefined;
      open.closedBy = signalId;
      watched.delete(key);
      return { key: open.key, openedAt: open.openedAt, signalId: open.signalId, details: open.details, ...(open.overdueAt ? { overdueAt: open.overdueAt } : {}) };
    },
    async overdueIncidents(now) {
      return [...watched.values()].filter((incident) => (incident.overdueAt ?? '') <= now.toISOString()).sort((a, b) => (a.overdueAt ?? '').localeCompare(b.overdueAt ?? ''));
    },
    async unwatchIncident(incident) {
      watched.delete(incident.key);
    },
    async readMark(name) {
      return marks.get(name);
    },
    async advanceMark(name, value) {
      if ((marks.get(name) ?? '') < value) marks.set(name, value);
    },
  };

  const withFaults = Object.fromEntries(
    (Object.keys(core) as LedgerMethod[]).map((method) => [
      method,
      async (...args: unknown[]) => {
        const fault = faults.get(method);
        faults.delete(method);
        if (fault && !fault.after) throw fault.error;
        const result = await (core[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        if (fault) throw fault.error;
        return result;
      },
    ]),
  ) as unknown as Ledger;

  return {
    ...withFaults,
    units,
    slots,
    audit,
    armed: () => [...faults.keys()],
    failNext(method, options = {}) {
      faults.set(method, { after: options.after ?? false, error: options.error ?? Object.assign(new Error('ledger unavailable'), { name: 'ServiceUnavailable', $fault: 'server' }) });
    },
  };
}
