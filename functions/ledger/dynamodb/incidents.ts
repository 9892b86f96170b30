/**
 * Incidents: ALARM opens, OK closes; a failover's start opens, its completion closes and is
 * measured. Closing records which signal closed it instead of deleting the item, so a retry of
 * the closing signal gets the same incident (and duration) back.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAt, ledgerKeys, RETENTION } from '../keys';
import type { OpenIncident } from '../ledger';
import { isConditionFailure, type Table } from './table';

function incidentOf(item: Record<string, unknown> | undefined): OpenIncident | undefined {
  if (!item || typeof item.key !== 'string' || typeof item.openedAt !== 'string') return undefined;
  const details = typeof item.details === 'object' && item.details !== null ? (item.details as Record<string, string>) : {};
  return { key: item.key, openedAt: item.openedAt, signalId: String(item.signalId ?? ''), details };
}

export async function openIncident(table: Table, incident: OpenIncident, now: Date): Promise<OpenIncident> {
  const Key = ledgerKeys.incident(incident.key);
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...Key, ...incident, expiresAt: expiresAt(now, RETENTION.incident) },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(closedBy)',
      }),
    );
    return incident;
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true }));
    return incidentOf(Item) ?? incident;
  }
}

export async function closeIncident(table: Table, key: string, signalId: string, now: Date): Promise<OpenIncident | undefined> {
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: ledgerKeys.incident(key),
        UpdateExpression: 'SET closedBy = :signal, closedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(closedBy) OR closedBy = :signal)',
        ExpressionAttributeValues: { ':signal': signalId, ':at': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return incidentOf(Attributes);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}
