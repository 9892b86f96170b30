/**
 * Slack threads and posts kept in the ledger table (LEDGER_TABLE; pk, sk, TTL expiresAt), under
 * keys of their own, beside the ledger's items but never touching them:
 *
 * | item        | pk                  | sk               | holds                                              |
 * | ----------- | ------------------- | ---------------- | -------------------------------------------------- |
 * | thread root | slack#<incident>    | thread           | channel, ts of the root, the root alert, resolvedAt |
 * | post claim  | slack#<incident>    | post#<alert key> | pending (with a lease) or posted (with the ts)     |
 *
 * A post claim is a conditional put, so the same alert delivered twice, or twice at once, is
 * posted once. Only I/O here; what to post where is incident-thread.ts.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { clientConfig } from '../aws/client-config';
import { ConfigurationError } from '../errors';
import { parseJson } from '../signals/json';
import { alertFromJson } from './alert-records';
import type { ThreadRoot } from './incident-thread';
import type { Alert } from '../model/alert';

const DAY_SECONDS = 24 * 60 * 60;
/** A thread is found again for alerts of the same incident for this long after its last change. */
const THREAD_RETENTION_SECONDS = 30 * DAY_SECONDS;
/** Longer than Lambda's retries of one event (up to 6 h) and SNS's redeliveries. */
const POST_RETENTION_SECONDS = 7 * DAY_SECONDS;
/** Longer than one invocation (the function's timeout is 30 s): a claim older than this was abandoned. */
const POST_LEASE_MS = 60_000;

export type PostClaim = { claim: 'claimed' } | { claim: 'posted-before'; ts: string } | { claim: 'in-progress' };

/**
 * The alert's identity for deduplication: its `id` when the functions gave it one (the same
 * report published again by a retry, whose `time` differs), else its JSON — the same JSON is
 * the same alert, whichever delivery brought it.
 */
export function alertKey(alert: Alert): string {
  return createHash('sha256').update(alert.id ? `id:${alert.id}` : JSON.stringify(alert)).digest('hex').slice(0, 32);
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err instanceof Error && err.name === 'ConditionalCheckFailedException');
}

const str = (value: string): AttributeValue => ({ S: value });
const num = (value: number): AttributeValue => ({ N: String(value) });
const expiresAt = (now: Date, seconds: number) => num(Math.floor(now.getTime() / 1000) + seconds);

export class SlackThreads {
  constructor(
    private readonly db: DynamoDBClient,
    readonly table: string,
  ) {}

  static fromEnvironment(db = new DynamoDBClient(clientConfig())): SlackThreads {
    const table = process.env.LEDGER_TABLE?.trim();
    if (!table) throw new ConfigurationError('LEDGER_TABLE is not set: Slack Web API mode keeps its threads in the ledger table');
    return new SlackThreads(db, table);
  }

  private key(incident: string, sk: string): Record<string, AttributeValue> {
    return { pk: str(`slack#${incident}`), sk: str(sk) };
  }

  async root(incident: string): Promise<ThreadRoot | undefined> {
    const { Item } = await this.db.send(new GetItemCommand({ TableName: this.table, Key: this.key(incident, 'thread'), ConsistentRead: true }));
    const channel = Item?.channel?.S;
    const ts = Item?.ts?.S;
    const stored = parseJson(Item?.rootAlert?.S ?? '');
    const rootAlert = stored.ok ? alertFromJson(stored.value) : undefined;
    // An item this code cannot read is a lost root: the next alert starts a new one.
    if (!channel || !ts || !rootAlert) return undefined;
    return { channel, ts, rootAlert, ...(Item?.resolvedAt?.S ? { resolvedAt: Item.resolvedAt.S } : {}) };
  }

  /** A new root replaces whatever the incident had (a resolved root, or one in another channel). */
  async saveRoot(incident: string, root: ThreadRoot, now: Date): Promise<void> {
    await this.db.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          ...this.key(incident, 'thread'),
          channel: str(root.channel),
          ts: str(root.ts),
          rootAlert: str(JSON.stringify(root.rootAlert)),
          ...(root.resolvedAt ? { resolvedAt: str(root.resolvedAt) } : {}),
          expiresAt: expiresAt(now, THREAD_RETENTION_SECONDS),
        },
      }),
    );
  }

  /** Marks this root resolved; a root that was replaced meanwhile is left alone. */
  async markResolved(incident: string, rootTs: string, resolvedAt: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: this.key(incident, 'thread'),
          UpdateExpression: 'SET resolvedAt = :at',
          ConditionExpression: 'ts = :ts',
          ExpressionAttributeValues: { ':at': str(resolvedAt), ':ts': str(rootTs) },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /**
   * Claims the posting of one alert. A claim left pending by an invocation that died (its
   * lease ran out) is taken over; one still leased belongs to a concurrent delivery.
   */
  async claimPost(incident: string, key: string, now: Date): Promise<PostClaim> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            ...this.key(incident, `post#${key}`),
            postStatus: str('pending'),
            leaseUntil: num(now.getTime() + POST_LEASE_MS),
            expiresAt: expiresAt(now, POST_RETENTION_SECONDS),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (postStatus = :pending AND leaseUntil < :now)',
          ExpressionAttributeValues: { ':pending': str('pending'), ':now': num(now.getTime()) },
        }),
      );
      return { claim: 'claimed' };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const { Item } = await this.db.send(new GetItemCommand({ TableName: this.table, Key: this.key(incident, `post#${key}`), ConsistentRead: true }));
    const ts = Item?.ts?.S;
    return Item?.postStatus?.S === 'posted' && ts ? { claim: 'posted-before', ts } : { claim: 'in-progress' };
  }

  /** The post of one alert as recorded (`ops-autopilot selftest` asks whether Slack got its report). */
  async post(incident: string, key: string): Promise<{ status: string; ts?: string } | undefined> {
    const { Item } = await this.db.send(new GetItemCommand({ TableName: this.table, Key: this.key(incident, `post#${key}`), ConsistentRead: true }));
    const status = Item?.postStatus?.S;
    return status ? { status, ...(Item?.ts?.S ? { ts: Item.ts.S } : {}) } : undefined;
  }

  async settlePost(incident: string, key: string, ts: string): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: this.key(incident, `post#${key}`),
        UpdateExpression: 'SET postStatus = :posted, ts = :ts REMOVE leaseUntil',
        ExpressionAttributeValues: { ':posted': str('posted'), ':ts': str(ts) },
      }),
    );
  }

  /** Gives the claim up at once, so Lambda's retry (or a redelivery) posts the alert. */
  async releasePost(incident: string, key: string): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: this.key(incident, `post#${key}`),
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: 'postStatus = :pending',
        ExpressionAttributeValues: { ':zero': num(0), ':pending': str('pending') },
      }),
    ).catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
  }
}
