/**
 * `plan` never pretends: without a ledger it says cooldowns, budget and duplicates are unknown
 * and marks each would-change step; with --stage it reads that stage's table (the stack's
 * naming), where a recent change holds the step in its cooldown.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { clientConfig, createClients } from '../../functions/aws/clients';
import { runCli } from '../../functions/cli/cli';
import { EXIT } from '../../functions/cli/exit-codes';
import type { LedgerReport } from '../../functions/cli/plan/ledger-choice';
import type { EventPlan } from '../../functions/cli/plan/plan-event';
import { ensureLedgerTable } from '../../functions/ledger/dynamodb/create-table';
import { ledgerKeys } from '../../functions/ledger/keys';
import { stageNames } from '../../functions/stack-names';
import { capturedIo } from '../support/cli-io';
import { setUpWorld } from '../support/world';

const APP_DB_ALARM = 'events/alarm/eventbridge-app-db-read-pressure-alarm.json';

type PlanJson = EventPlan & { ledger: LedgerReport };

async function plan(args: string[]): Promise<{ code: number; stdout: string }> {
  const io = capturedIo();
  const code = await runCli(['plan', APP_DB_ALARM, ...args], io);
  return { code, stdout: io.stdout() };
}

/** app-db was changed by ops-autopilot a minute ago, as this table records it. */
async function holdInCooldown(table: string): Promise<void> {
  const slot = { ...ledgerKeys.resourceSlot({ type: 'rds-instance', id: 'app-db' }), lastChangeAt: Date.now() - 60_000 };
  await createClients().ledger.send(new PutCommand({ TableName: table, Item: slot }));
}

const firstStep = (json: PlanJson) => json.signals[0]?.rules[0]?.steps[0];

describe('plan and the ledger', () => {
  const saved = process.env.LEDGER_TABLE;
  beforeAll(async () => {
    await setUpWorld();
  });
  beforeEach(() => {
    delete process.env.LEDGER_TABLE;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LEDGER_TABLE;
    else process.env.LEDGER_TABLE = saved;
  });

  it('without LEDGER_TABLE or --stage reads no table (not even the sandbox one), says what is unknown, and marks the would-change step', async () => {
    await holdInCooldown('ops-autopilot-ledger');

    const json = await plan(['--json']);
    const human = await plan([]);

    expect(json.code).toBe(EXIT.ok);
    const parsed = JSON.parse(json.stdout) as PlanJson;
    expect(parsed.ledger).toEqual({ read: false, unknown: ['cooldowns', 'budget', 'duplicates'] });
    expect(firstStep(parsed)).toMatchObject({ verdict: 'would-change', unless: 'would change unless a cooldown, the budget or a duplicate holds it' });
    expect(human.stdout).toContain('no ledger read (give --stage <stage> or set LEDGER_TABLE): cooldowns, hourly budget and duplicates are unknown');
    expect(human.stdout).toMatch(/would-change\n.*\n.*replicas 0 → 1.*\n {7}would change unless a cooldown, the budget or a duplicate holds it\n/);
  });

  it('with --stage dev reads ops-autopilot-dev-ledger, whose recent change to app-db holds the step in its cooldown', async () => {
    const table = stageNames('dev').ledgerTable;
    await ensureLedgerTable(new DynamoDBClient(clientConfig()), table);
    await holdInCooldown(table);

    const run = await plan(['--stage', 'dev', '--json']);

    expect(run.code).toBe(EXIT.ok);
    const parsed = JSON.parse(run.stdout) as PlanJson;
    expect(table).toBe('ops-autopilot-dev-ledger');
    expect(parsed.ledger).toEqual({ read: true, table, from: 'stage', stage: 'dev', unknown: [] });
    expect(firstStep(parsed)).toMatchObject({ verdict: 'would-skip', heldBy: 'cooldown' });
    expect(firstStep(parsed)?.unless).toBeUndefined();
  });

  it('--stage wins over LEDGER_TABLE', async () => {
    process.env.LEDGER_TABLE = 'ops-autopilot-ledger';

    const parsed = JSON.parse((await plan(['--stage', 'dev', '--json'])).stdout) as PlanJson;

    expect(parsed.ledger).toMatchObject({ read: true, table: 'ops-autopilot-dev-ledger' });
  });

  it('refuses a stage that cannot be part of a name', async () => {
    const io = capturedIo();

    const code = await runCli(['plan', APP_DB_ALARM, '--stage', 'prod/eu'], io);

    expect(code).toBe(EXIT.usage);
    expect(io.stderr()).toMatch(/--stage must be letters, digits and dashes/);
  });
});
