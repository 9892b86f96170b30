/**
 * The ledger table of the contract — partition key `pk` (String), sort key `sk` (String), TTL on
 * `expiresAt` — created when missing. A table of that name with other keys is an error, never
 * silently used. `ops-autopilot setup` and the sandbox world create it; a deployed stack declares it (infra/ledger.yml).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { OpsAutopilotError } from '../../errors';

export const LEDGER_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expiresAt' } as const;

export class LedgerTableShapeError extends OpsAutopilotError {
  override name = 'LedgerTableShapeError';
}

async function describe(dynamo: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof Error && err.name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

function keysOf(table: TableDescription): string {
  return (table.KeySchema ?? []).map((k) => `${k.AttributeName} (${k.KeyType})`).join(', ');
}

/** @returns whether the table was created now or was there already */
export async function ensureLedgerTable(dynamo: DynamoDBClient, name: string): Promise<'created' | 'exists'> {
  const existing = await describe(dynamo, name);
  if (existing) {
    const expected = `${LEDGER_KEYS.partition} (HASH), ${LEDGER_KEYS.sort} (RANGE)`;
    if (keysOf(existing) !== expected) throw new LedgerTableShapeError(`table ${name} exists with keys ${keysOf(existing)}; the ledger needs ${expected}`);
    return 'exists';
  }
  await dynamo.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: LEDGER_KEYS.partition, AttributeType: 'S' },
        { AttributeName: LEDGER_KEYS.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: LEDGER_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: LEDGER_KEYS.sort, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // UpdateTimeToLive needs an ACTIVE table; emulators are ACTIVE at once, DynamoDB Local and AWS take a moment.
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: name });
  await dynamo.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: LEDGER_KEYS.ttl, Enabled: true } }));
  return 'created';
}
