/** The ledger on DynamoDB: the concern modules beside this file, bound to one table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '../../errors';
import type { Ledger } from '../ledger';
import * as budget from './budget';
import * as claims from './claims';
import * as incidents from './incidents';
import * as marks from './marks';
import * as slots from './slots';
import type { Table } from './table';

export function dynamoDbLedger(db: DynamoDBDocumentClient, name: string): Ledger & { table: string } {
  const table: Table = { db, name };
  return {
    table: name,
    claim: (key, attempt, now) => claims.claim(table, key, attempt, now),
    isDone: (key) => claims.isDone(table, key),
    recordIntent: (key, attempt, intent, slot, max, now) => claims.recordIntent(table, key, attempt, intent, slot, max, now),
    settle: (key, attempt, settlement, now) => claims.settle(table, key, attempt, settlement, now),
    markPublished: (key, attempt) => claims.markPublished(table, key, attempt),
    release: (key, attempt) => claims.release(table, key, attempt),
    takeSlot: (resource, holder, cooldown, now) => slots.takeSlot(table, resource, holder, cooldown, now),
    readSlot: (resource) => slots.readSlot(table, resource),
    restartCooldown: (resource, at) => slots.restartCooldown(table, resource, at),
    budgetSpent: (now) => budget.budgetSpent(table, now),
    openIncident: (incident, now) => incidents.openIncident(table, incident, now),
    closeIncident: (key, signalId, now) => incidents.closeIncident(table, key, signalId, now),
    overdueIncidents: (now) => incidents.overdueIncidents(table, now),
    unwatchIncident: (incident) => incidents.unwatchIncident(table, incident),
    readMark: (name) => marks.readMark(table, name),
    advanceMark: (name, value, now) => marks.advanceMark(table, name, value, now),
  };
}

export function ledgerFromEnvironment(db: DynamoDBDocumentClient): Ledger {
  const table = process.env.LEDGER_TABLE;
  if (!table) throw new ConfigurationError('LEDGER_TABLE is not set: it must name the DynamoDB ledger table');
  return dynamoDbLedger(db, table);
}
