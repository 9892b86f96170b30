/** High-water marks: one item per reader, moved only forward, so a slow run never rewinds a fast one. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAt, ledgerKeys, RETENTION } from '../keys';
import { moveForward, type Table } from './table';

export async function readMark(table: Table, name: string): Promise<string | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.mark(name), ConsistentRead: true }));
  return typeof Item?.value === 'string' ? Item.value : undefined;
}

export async function advanceMark(table: Table, name: string, value: string, now: Date): Promise<void> {
  await moveForward(table, {
    Key: ledgerKeys.mark(name),
    UpdateExpression: 'SET #value = :value, expiresAt = :expires',
    ConditionExpression: 'attribute_not_exists(#value) OR #value < :value',
    ExpressionAttributeNames: { '#value': 'value' },
    ExpressionAttributeValues: { ':value': value, ':expires': expiresAt(now, RETENTION.mark) },
  });
}
