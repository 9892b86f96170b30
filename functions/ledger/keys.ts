/**
 * The ledger's item design, in one table (pk, sk, TTL expiresAt — the contract in DESIGN.md).
 *
 * | item              | pk                          | sk                      | holds                               |
 * | ----------------- | --------------------------- | ----------------------- | ----------------------------------- |
 * | step claim        | event#<signal id>           | step#<rule>#<index>     | status, lease: exactly-once effects |
 * | alert claim       | event#<signal id>           | alert                   | one alert per event                 |
 * | resource slot     | resource#<type>#<id>        | slot                    | last change, lock: cooldown         |
 * | hourly budget     | budget#<YYYY-MM-DDTHH>      | count                   | mutations spent this UTC hour       |
 * | incident          | incident#<key>              | open                    | when and by what it was opened      |
 * | audit record      | audit#<YYYY-MM-DD>          | <time>#<signal>#<step>  | every decision, with before/after   |
 */
import type { ResourceRef } from '../model/vocabulary';

export interface LedgerKey {
  pk: string;
  sk: string;
}

export const ledgerKeys = {
  stepClaim: (signalId: string, rule: string, index: number): LedgerKey => ({
    pk: `event#${signalId}`,
    sk: `step#${rule}#${index}`,
  }),
  alertClaim: (signalId: string): LedgerKey => ({ pk: `event#${signalId}`, sk: 'alert' }),
  resourceSlot: (resource: ResourceRef): LedgerKey => ({ pk: `resource#${resource.type}#${resource.id}`, sk: 'slot' }),
  hourlyBudget: (now: Date): LedgerKey => ({ pk: `budget#${now.toISOString().slice(0, 13)}`, sk: 'count' }),
  incident: (key: string): LedgerKey => ({ pk: `incident#${key}`, sk: 'open' }),
  audit: (time: Date, signalId: string, stepRef: string): LedgerKey => ({
    pk: `audit#${time.toISOString().slice(0, 10)}`,
    sk: `${time.toISOString()}#${signalId}#${stepRef}`,
  }),
};

const DAY = 24 * 60 * 60;

/** How long each kind of item is kept (TTL, seconds). */
export const RETENTION = {
  /** Long enough to outlast Lambda's retries (up to 6 h of event age) and late redeliveries. */
  claim: 7 * DAY,
  budget: 2 * DAY,
  incident: 7 * DAY,
  audit: 90 * DAY,
} as const;

export function expiresAt(now: Date, seconds: number): number {
  return Math.floor(now.getTime() / 1000) + seconds;
}
