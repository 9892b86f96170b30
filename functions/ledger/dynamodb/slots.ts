/**
 * Resource slots: one item per resource this automation changes, holding when it last changed
 * it (the cooldown) and which unit is changing it now (serialisation). The holder is the unit
 * (`<signal>#<rule>#<index>`), not the invocation, so a retry of the same step takes back a slot
 * its earlier attempt wrote but never heard about.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ResourceRef } from '../../model/vocabulary';
import { ledgerKeys } from '../keys';
import { LEASE_SECONDS, workId, type SlotState, type SlotTake, type WorkKey } from '../ledger';
import { isConditionFailure, moveForward, type Table } from './table';

export async function readSlot(table: Table, resource: ResourceRef): Promise<SlotState> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.resourceSlot(resource), ConsistentRead: true }));
  const number = (value: unknown) => (typeof value === 'number' && value > 0 ? value : undefined);
  return {
    lastChangeAt: number(Item?.lastChangeAt),
    holder: typeof Item?.holder === 'string' ? Item.holder : undefined,
    heldUntil: number(Item?.heldUntil),
  };
}

export async function takeSlot(table: Table, resource: ResourceRef, holder: string, cooldownSeconds: number, now: Date): Promise<SlotTake> {
  const free = '(attribute_not_exists(holder) OR holder = :me OR heldUntil < :now)';
  // Without a cooldown only the holder matters (and clock skew between containers cannot block).
  const cooled = cooldownSeconds > 0 ? ' AND (attribute_not_exists(lastChangeAt) OR lastChangeAt <= :cooledAt OR holder = :me)' : '';
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: ledgerKeys.resourceSlot(resource),
        UpdateExpression: 'SET holder = :me, heldUntil = :lease',
        ConditionExpression: free + cooled,
        ExpressionAttributeValues: {
          ':me': holder,
          ':now': now.getTime(),
          ':lease': now.getTime() + LEASE_SECONDS * 1000,
          ...(cooled ? { ':cooledAt': now.getTime() - cooldownSeconds * 1000 } : {}),
        },
      }),
    );
    return { taken: true };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const slot = await readSlot(table, resource);
    if (slot.holder && slot.holder !== holder && (slot.heldUntil ?? 0) >= now.getTime()) {
      return { taken: false, heldBy: 'busy', holder: slot.holder, until: slot.heldUntil ?? now.getTime() };
    }
    return { taken: false, heldBy: 'cooldown', lastChangeAt: slot.lastChangeAt ?? 0 };
  }
}

/** The condition, inside another write, that `key` still holds the slot: a unit whose lease ran out and was taken over acts no more. */
export function slotHeldItem(table: Table, resource: ResourceRef, key: WorkKey) {
  return {
    TableName: table.name,
    Key: ledgerKeys.resourceSlot(resource),
    ConditionExpression: 'holder = :me',
    ExpressionAttributeValues: { ':me': workId(key) },
  };
}

/** The write that gives the slot back (part of settling a unit); a change starts the cooldown. */
export function slotReleaseItem(table: Table, resource: ResourceRef, key: WorkKey, changed: boolean, now: Date) {
  return {
    TableName: table.name,
    Key: ledgerKeys.resourceSlot(resource),
    UpdateExpression: changed ? 'SET lastChangeAt = :now REMOVE holder, heldUntil' : 'REMOVE holder, heldUntil',
    ConditionExpression: 'holder = :me',
    ExpressionAttributeValues: { ':me': workId(key), ...(changed ? { ':now': now.getTime() } : {}) },
  };
}

export async function restartCooldown(table: Table, resource: ResourceRef, at: number): Promise<void> {
  await moveForward(table, {
    Key: ledgerKeys.resourceSlot(resource),
    UpdateExpression: 'SET lastChangeAt = :at',
    ConditionExpression: 'attribute_not_exists(lastChangeAt) OR lastChangeAt < :at',
    ExpressionAttributeValues: { ':at': at },
  });
}
