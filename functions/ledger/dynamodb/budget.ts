/** The hourly budget: one counter per UTC hour, spent only together with a recorded intent. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAt, ledgerKeys, RETENTION } from '../keys';
import type { Table } from './table';

export async function budgetSpent(table: Table, now: Date): Promise<number> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.hourlyBudget(now), ConsistentRead: true }));
  return Number(Item?.spent ?? 0);
}

/** The write that spends one unit when fewer than `max` are spent (part of recording an intent). */
export function budgetSpendItem(table: Table, max: number, now: Date) {
  return {
    TableName: table.name,
    Key: ledgerKeys.hourlyBudget(now),
    UpdateExpression: 'ADD spent :one SET expiresAt = :expires',
    ConditionExpression: 'attribute_not_exists(spent) OR spent < :max',
    ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': expiresAt(now, RETENTION.budget) },
  };
}
