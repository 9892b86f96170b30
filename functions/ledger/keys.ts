/**
 * The ledger's item design, in one table (pk, sk, TTL expiresAt — the contract in DESIGN.md).
 *
 * | item              | pk                          | sk                      | holds                                              |
 * | ----------------- | --------------------------- | ----------------------- | -------------------------------------------------- |
 * | work unit         | event#<signal id>           | step#<rule>#<index>     | owner, lease, status, intent, outbox: exactly once |
 * | event report      | event#<signal id>           | step#event              | the same, for rds-events' alert on the event       |
 * | resource slot     | resource#<type>#<id>        | slot                    | last change, holder: cooldown and serialisation    |
 * | hourly budget     | budget#<YYYY-MM-DDTHH>      | count                   | mutations spent this UTC hour                      |
 * | incident          | incident#<key>              | open                    | when and by what it was opened, and closed         |
 * | incident watch    | incident-watch              | <overdue at>#<key>      | an open incident to call overdue at that time      |
 * | mark              | mark#<name>                 | at                      | how far a reader has read (reconcile's RDS events) |
 * | audit record      | audit#<YYYY-MM-DD>          | <time>#<signal>#<unit>  | every decision, with before/after                  |
 *
 * Signal ids are bounded at parsing (signals/bounds.ts), so every key fits DynamoDB's limits.
 */
import type { ResourceRef } from '../model/vocabulary';
import type { WorkKey } from './ledger';

export interface LedgerKey {
  pk: string;
  sk: string;
}

export const INCIDENT_WATCH = 'incident-watch';

export const ledgerKeys = {
  work: (key: WorkKey): LedgerKey => ({ pk: `event#${key.signalId}`, sk: `step#${key.unit}` }),
  resourceSlot: (resource: ResourceRef): LedgerKey => ({ pk: `resource#${resource.type}#${resource.id}`, sk: 'slot' }),
  hourlyBudget: (now: Date): LedgerKey => ({ pk: `budget#${now.toISOString().slice(0, 13)}`, sk: 'count' }),
  incident: (key: string): LedgerKey => ({ pk: `incident#${key}`, sk: 'open' }),
  incidentWatch: (overdueAt: string, key: string): LedgerKey => ({ pk: INCIDENT_WATCH, sk: `${overdueAt}#${key}` }),
  mark: (name: string): LedgerKey => ({ pk: `mark#${name}`, sk: 'at' }),
  audit: (time: Date, key: WorkKey, index: number): LedgerKey => ({
    pk: `audit#${time.toISOString().slice(0, 10)}`,
    sk: `${time.toISOString()}#${key.signalId}#${key.unit}#${index}`,
  }),
};

const DAY = 24 * 60 * 60;

/** How long each kind of item is kept (TTL, seconds). */
export const RETENTION = {
  /** Long enough to outlast Lambda's retries (up to 6 h of event age) and late redeliveries. */
  claim: 7 * DAY,
  budget: 2 * DAY,
  incident: 7 * DAY,
  mark: 30 * DAY,
  audit: 90 * DAY,
} as const;

export function expiresAt(now: Date, seconds: number): number {
  return Math.floor(now.getTime() / 1000) + seconds;
}
