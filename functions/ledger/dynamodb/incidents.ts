/**
 * Incidents: ALARM opens, OK closes; a failover's start opens, its completion closes and is
 * measured. Closing records which signal closed it instead of deleting the item, so a retry of
 * the closing signal gets the same incident (and duration) back. An incident opened with an
 * `overdueAt` is also listed under one partition, sorted by that time, until it closes or is
 * said to be overdue: reconcile finds the overdue ones with one Query.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAt, INCIDENT_WATCH, ledgerKeys, RETENTION } from '../keys';
import type { OpenIncident } from '../ledger';
import { isConditionFailure, type Table } from './table';

function incidentOf(item: Record<string, unknown> | undefined): OpenIncident | undefined {
  if (!item || typeof item.key !== 'string' || typeof item.openedAt !== 'string') return undefined;
  const details = typeof item.details === 'object' && item.details !== null ? (item.details as Record<string, string>) : {};
  const overdueAt = typeof item.overdueAt === 'string' ? { overdueAt: item.overdueAt } : {};
  return { key: item.key, openedAt: item.openedAt, signalId: String(item.signalId ?? ''), details, ...overdueAt };
}

/** Written on every open, also when the incident was open already: a retry completes a watch whose first write was lost. */
async function watch(table: Table, incident: OpenIncident, now: Date): Promise<void> {
  if (!incident.overdueAt) return;
  await table.db.send(
    new PutCommand({ TableName: table.name, Item: { ...ledgerKeys.incidentWatch(incident.overdueAt, incident.key), ...incident, expiresAt: expiresAt(now, RETENTION.incident) } }),
  );
}

export async function unwatchIncident(table: Table, incident: OpenIncident): Promise<void> {
  if (!incident.overdueAt) return;
  await table.db.send(new DeleteCommand({ TableName: table.name, Key: ledgerKeys.incidentWatch(incident.overdueAt, incident.key) }));
}

export async function openIncident(table: Table, incident: OpenIncident, now: Date): Promise<OpenIncident> {
  const Key = ledgerKeys.incident(incident.key);
  let open = incident;
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...Key, ...incident, expiresAt: expiresAt(now, RETENTION.incident) },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(closedBy)',
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true }));
    open = incidentOf(Item) ?? incident;
  }
  await watch(table, open, now);
  return open;
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
    const closed = incidentOf(Attributes);
    if (closed) await unwatchIncident(table, closed);
    return closed;
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/** Watched incidents due by now; one whose close did not remove its watch (a lost answer) is checked and dropped. */
export async function overdueIncidents(table: Table, now: Date): Promise<OpenIncident[]> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :watch AND sk <= :now',
      ExpressionAttributeValues: { ':watch': INCIDENT_WATCH, ':now': now.toISOString() },
      ConsistentRead: true,
    }),
  );
  const overdue: OpenIncident[] = [];
  for (const watched of Items.map(incidentOf)) {
    if (!watched) continue;
    const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: ledgerKeys.incident(watched.key), ConsistentRead: true }));
    const stillOpen = Item && Item.closedBy === undefined && Item.openedAt === watched.openedAt;
    if (stillOpen) overdue.push(watched);
    else await unwatchIncident(table, watched);
  }
  return overdue;
}
