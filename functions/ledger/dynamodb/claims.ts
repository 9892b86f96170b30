/**
 * Work units: one item per step and signal holds who works on it (owner, lease), the plan it
 * decided (intent), the reports it has not yet published (outbox) and how it ended. Every write
 * is conditional on ownership, so an SDK retry of a write that had landed finds its own claim
 * and goes on, while a second attempt cannot.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../../model/alert';
import type { HeldBy, ResourceRef } from '../../model/vocabulary';
import { expiresAt, ledgerKeys, RETENTION } from '../keys';
import { LEASE_SECONDS, type Claim, type Continuation, type Intent, type IntentRecorded, type Settlement, type WorkKey } from '../ledger';
import { budgetSpendItem } from './budget';
import { slotHeldItem, slotReleaseItem } from './slots';
import { isConditionFailure, refusedItems, type Table } from './table';

interface WorkItem {
  owner?: string;
  status?: 'claimed' | 'reporting' | Continuation;
  leaseUntil?: number;
  intent?: Intent;
  outbox?: Alert[];
  then?: Continuation;
  heldReported?: HeldBy;
}

export async function claim(table: Table, key: WorkKey, attempt: string, now: Date): Promise<Claim> {
  const Key = ledgerKeys.work(key);
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key,
        UpdateExpression: 'SET #owner = :me, #status = :claimed, leaseUntil = :lease, expiresAt = :expires ADD attempts :one',
        // A finished unit is never claimed again, not even by the invocation that finished it (its retry).
        ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :done AND (#owner = :me OR #status IN (:held, :retry) OR leaseUntil < :now))',
        ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
        ExpressionAttributeValues: {
          ':me': attempt,
          ':claimed': 'claimed',
          ':done': 'done',
          ':held': 'held',
          ':retry': 'retry',
          ':now': now.getTime(),
          ':lease': now.getTime() + LEASE_SECONDS * 1000,
          ':expires': expiresAt(now, RETENTION.claim),
          ':one': 1,
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const before = (Attributes ?? {}) as WorkItem;
    return {
      result: 'claimed',
      ...(before.intent ? { intent: before.intent } : {}),
      ...(before.outbox?.length ? { outbox: { alerts: before.outbox, then: before.then ?? 'done' } } : {}),
      ...(before.heldReported ? { heldReported: before.heldReported } : {}),
    };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true }));
    const found = (Item ?? {}) as WorkItem;
    if (found.status === 'done') return { result: 'done' };
    return { result: 'busy', until: found.leaseUntil ?? now.getTime() };
  }
}

/** Read-only, for `plan`: whether a run would find the unit finished. */
export async function isDone(table: Table, key: WorkKey): Promise<boolean> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.work(key), ConsistentRead: true }));
  return (Item as WorkItem | undefined)?.status === 'done';
}

const OWNED = '#owner = :me';

export async function recordIntent(
  table: Table,
  key: WorkKey,
  attempt: string,
  intent: Intent,
  slot: ResourceRef,
  maxPerHour: number,
  now: Date,
): Promise<IntentRecorded> {
  try {
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: budgetSpendItem(table, maxPerHour, now) },
          { ConditionCheck: slotHeldItem(table, slot, key) },
          {
            Update: {
              TableName: table.name,
              Key: ledgerKeys.work(key),
              UpdateExpression: 'SET intent = :intent, intentAt = :at',
              // Once: a transaction that lands twice (its answer lost) fails here and spends nothing more.
              ConditionExpression: `${OWNED} AND attribute_not_exists(intent)`,
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: { ':me': attempt, ':intent': intent, ':at': now.toISOString() },
            },
          },
        ],
      }),
    );
    return 'recorded';
  } catch (err) {
    const refused = refusedItems(err);
    if (!refused) throw err;
    const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.work(key), ConsistentRead: true }));
    const found = (Item ?? {}) as WorkItem;
    if (found.owner === attempt && found.intent) return 'recorded';
    if (refused[1]) return 'slot-lost';
    if (refused[0]) return 'budget-spent';
    throw new Error(`the ledger refused the intent of ${key.signalId}#${key.unit}: the claim is no longer this attempt's`, { cause: err });
  }
}

function auditItems(table: Table, key: WorkKey, alerts: Alert[], now: Date) {
  return alerts.map((alert, index) => ({
    Put: {
      TableName: table.name,
      Item: { ...ledgerKeys.audit(now, key, index), ...alert, expiresAt: expiresAt(now, RETENTION.audit) },
    },
  }));
}

export async function settle(table: Table, key: WorkKey, attempt: string, settlement: Settlement, now: Date): Promise<void> {
  const { then, outcome, reports, published, release, heldReported } = settlement;
  const reporting = !published && reports.length > 0;
  const sets = ['#status = :status', 'outcome = :outcome', '#then = :then', 'settledAt = :at'];
  if (reporting) sets.push('outbox = :outbox');
  if (heldReported) sets.push('heldReported = :held');
  // A unit with reports to publish keeps its lease: if this attempt dies, the next one publishes them.
  const removes = reporting ? '' : ' REMOVE leaseUntil';
  const unit = {
    TableName: table.name,
    Key: ledgerKeys.work(key),
    UpdateExpression: `SET ${sets.join(', ')}${removes}`,
    ConditionExpression: OWNED,
    ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status', '#then': 'then' },
    ExpressionAttributeValues: {
      ':me': attempt,
      ':status': reporting ? 'reporting' : then,
      ':outcome': outcome,
      ':then': then,
      ':at': now.toISOString(),
      ...(reporting ? { ':outbox': reports } : {}),
      ...(heldReported ? { ':held': heldReported } : {}),
    },
  };
  const items = [{ Update: unit }, ...auditItems(table, key, reports, now)];
  const withSlot = release ? [...items, { Update: slotReleaseItem(table, release.resource, key, release.changed, now) }] : items;
  try {
    await table.db.send(new TransactWriteCommand({ TransactItems: withSlot }));
  } catch (err) {
    const refused = refusedItems(err);
    // The slot's lease ran out and another unit holds it now: settle without touching it.
    if (release && refused && refused[withSlot.length - 1] && !refused[0]) {
      await table.db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    }
    throw err;
  }
}

export async function release(table: Table, key: WorkKey, attempt: string): Promise<void> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: ledgerKeys.work(key),
        UpdateExpression: 'SET #status = :retry REMOVE leaseUntil',
        ConditionExpression: `${OWNED} AND #status IN (:claimed, :reporting)`,
        ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
        ExpressionAttributeValues: { ':me': attempt, ':retry': 'retry', ':claimed': 'claimed', ':reporting': 'reporting' },
      }),
    );
  } catch (err) {
    // Settled after all, or claimed by another attempt since: nothing of ours to give back.
    if (!isConditionFailure(err)) throw err;
  }
}

export async function markPublished(table: Table, key: WorkKey, attempt: string): Promise<void> {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: ledgerKeys.work(key),
      UpdateExpression: 'SET #status = #then REMOVE outbox, leaseUntil',
      // A released unit keeps its outbox until published; its continuation is `then` all the same.
      ConditionExpression: OWNED,
      ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status', '#then': 'then' },
      ExpressionAttributeValues: { ':me': attempt },
    }),
  );
}
