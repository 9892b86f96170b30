/**
 * The action ledger in DynamoDB: exactly-once claims, per-resource cooldown slots, the
 * hourly budget, incidents and the audit record. Every guard is a conditional write, so two
 * concurrent invocations cannot both pass it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceRef } from '../model/vocabulary';
import { ConfigurationError } from '../errors';
import { expiresAt, ledgerKeys, RETENTION } from './keys';

/** How long a claim or lock protects work in progress before another invocation may take over. */
export const LEASE_SECONDS = 15 * 60;

export type ClaimResult = 'claimed' | 'done-before' | 'in-progress';

export type SlotResult =
  | { acquired: true }
  | { acquired: false; reason: string };

export interface AuditEntry {
  signalId: string;
  stepRef: string;
  time: Date;
  record: Record<string, unknown>;
}

export interface OpenIncident {
  key: string;
  openedAt: string;
  signalId: string;
  details: Record<string, string>;
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

export class Ledger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  static fromEnvironment(db: DynamoDBDocumentClient): Ledger {
    const table = process.env.LEDGER_TABLE;
    if (!table) throw new ConfigurationError('LEDGER_TABLE is not set: it must name the DynamoDB ledger table');
    return new Ledger(db, table);
  }

  /**
   * Claims one step of one event. A step done before, or leased by a concurrent invocation,
   * is not claimed again; a step released for retry (or whose lease ran out) is.
   */
  async claimStep(signalId: string, rule: string, index: number, now: Date): Promise<ClaimResult> {
    const key = ledgerKeys.stepClaim(signalId, rule, index);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, status: 'in-progress', leaseUntil: now.getTime() + LEASE_SECONDS * 1000, expiresAt: expiresAt(now, RETENTION.claim) },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :retry OR (#status = :running AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':retry': 'retry', ':running': 'in-progress', ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const existing = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      return existing.Item?.status === 'done' ? 'done-before' : 'in-progress';
    }
  }

  /** Marks a claimed step finished (`done`) or hands it back for Lambda's retry (`retry`). */
  async settleStep(signalId: string, rule: string, index: number, status: 'done' | 'retry', outcome: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: ledgerKeys.stepClaim(signalId, rule, index),
        UpdateExpression: 'SET #status = :status, outcome = :outcome REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':outcome': outcome },
      }),
    );
  }

  /** First delivery of an event's alert wins; redeliveries see false. */
  async claimAlert(signalId: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...ledgerKeys.alertClaim(signalId), at: now.toISOString(), expiresAt: expiresAt(now, RETENTION.claim) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** When this automation last changed the resource (epoch ms), for reports and dry-runs. */
  async lastChange(resource: ResourceRef): Promise<number | undefined> {
    const found = await this.db.send(
      new GetCommand({ TableName: this.table, Key: ledgerKeys.resourceSlot(resource), ConsistentRead: true }),
    );
    const at = found.Item?.lastChangeAt;
    return typeof at === 'number' && at > 0 ? at : undefined;
  }

  /**
   * Takes the resource's slot: only when its cooldown since our last change has passed and no
   * other invocation holds it. Serialises changes to one resource across concurrent events.
   */
  async acquireSlot(resource: ResourceRef, cooldownSeconds: number, rule: string, now: Date): Promise<SlotResult> {
    const key = ledgerKeys.resourceSlot(resource);
    const unlocked = '(attribute_not_exists(lockedUntil) OR lockedUntil < :now)';
    // Without a cooldown only the lock matters (and clock skew between containers cannot block).
    const cooled = cooldownSeconds > 0 ? ' AND (attribute_not_exists(lastChangeAt) OR lastChangeAt <= :cooledAt)' : '';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET lockedUntil = :lease, lockedBy = :rule',
          ConditionExpression: unlocked + cooled,
          ExpressionAttributeValues: {
            ':lease': now.getTime() + LEASE_SECONDS * 1000,
            ':rule': rule,
            ':now': now.getTime(),
            ...(cooled ? { ':cooledAt': now.getTime() - cooldownSeconds * 1000 } : {}),
          },
        }),
      );
      return { acquired: true };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const found = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      const lockedUntil = Number(found.Item?.lockedUntil ?? 0);
      if (lockedUntil >= now.getTime()) {
        return { acquired: false, reason: `another invocation (rule ${String(found.Item?.lockedBy)}) is changing ${resource.id} right now` };
      }
      return { acquired: false, reason: cooldownReason(resource, Number(found.Item?.lastChangeAt ?? 0), cooldownSeconds, now) };
    }
  }

  /** Gives the slot back; a change starts the resource's cooldown. */
  async releaseSlot(resource: ResourceRef, changed: boolean, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: ledgerKeys.resourceSlot(resource),
        UpdateExpression: changed ? 'SET lastChangeAt = :now REMOVE lockedUntil, lockedBy' : 'REMOVE lockedUntil, lockedBy',
        ExpressionAttributeValues: changed ? { ':now': now.getTime() } : undefined,
      }),
    );
  }

  /** Spends one unit of this UTC hour's budget; false when `max` are already spent. */
  async spendBudget(max: number, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ledgerKeys.hourlyBudget(now),
          UpdateExpression: 'ADD spent :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(spent) OR spent < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': expiresAt(now, RETENTION.budget) },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async budgetSpent(now: Date): Promise<number> {
    const found = await this.db.send(new GetCommand({ TableName: this.table, Key: ledgerKeys.hourlyBudget(now) }));
    return Number(found.Item?.spent ?? 0);
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...ledgerKeys.audit(entry.time, entry.signalId, entry.stepRef),
          ...entry.record,
          expiresAt: expiresAt(entry.time, RETENTION.audit),
        },
      }),
    );
  }

  /** Opens an incident unless one is open; returns the incident that is open afterwards. */
  async openIncident(incident: OpenIncident, now: Date): Promise<OpenIncident> {
    const key = ledgerKeys.incident(incident.key);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, ...incident, expiresAt: expiresAt(now, RETENTION.incident) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return incident;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const found = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      return (found.Item as OpenIncident | undefined) ?? incident;
    }
  }

  /** Closes the open incident and returns it, or undefined when none was open. */
  async closeIncident(incidentKey: string): Promise<OpenIncident | undefined> {
    const found = await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: ledgerKeys.incident(incidentKey), ReturnValues: 'ALL_OLD' }),
    );
    return found.Attributes as OpenIncident | undefined;
  }
}

export function cooldownReason(resource: ResourceRef, lastChangeAt: number, cooldownSeconds: number, now: Date): string {
  const ago = Math.max(0, Math.round((now.getTime() - lastChangeAt) / 1000));
  return `cooldown: ${resource.id} was changed by ops-autopilot ${ago}s ago; cooldown is ${cooldownSeconds}s (${Math.max(0, cooldownSeconds - ago)}s left)`;
}
