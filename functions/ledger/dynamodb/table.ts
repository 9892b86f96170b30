/** The ledger table as the concern modules see it: a document client, a name, and how a refused condition looks. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

export interface Table {
  db: DynamoDBDocumentClient;
  name: string;
}

export function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err instanceof Error && err.name === 'ConditionalCheckFailedException');
}

/** A forward-only write (a mark, a cooldown's start): its condition refused means a later value is already there. */
export async function moveForward(table: Table, update: Omit<UpdateCommandInput, 'TableName'>): Promise<void> {
  try {
    await table.db.send(new UpdateCommand({ TableName: table.name, ...update }));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/**
 * For a cancelled transaction, which of its items failed their condition (by position);
 * undefined when the error is not a cancelled transaction.
 */
export function refusedItems(err: unknown): boolean[] | undefined {
  if (!(err instanceof TransactionCanceledException || (err instanceof Error && err.name === 'TransactionCanceledException'))) return undefined;
  const reasons = (err as Partial<TransactionCanceledException>).CancellationReasons ?? [];
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}
