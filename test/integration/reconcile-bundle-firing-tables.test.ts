/**
 * The built reconcile bundle finds a schedule's latest firing in the tables packaging worked out
 * (policy.compiled.json), with no croner at all: its chunk is deleted from a copy of the bundle.
 * Without the compiled policy the same copy needs croner and fails, which shows the first run
 * did not go through it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundlePath } from '../../functions/function-names';
import { compiledPolicyText } from '../../functions/policy/compile';
import { COMPILED_POLICY_FILE } from '../../functions/policy/compiled-policy';
import { setUpWorld, type TestWorld } from '../support/world';

const POLICY = `version: 1
schedules:
  - name: every-minute
    cron: "* * * * ? *"
    timezone: Europe/Berlin
    do:
      - alert: { severity: info, title: Every minute }
`;

/** The chunks of a built bundle that hold croner (esbuild's metafile beside it). */
function cronerChunks(bundleDir: string): string[] {
  const { outputs } = JSON.parse(readFileSync(join(bundleDir, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return Object.entries(outputs)
    .filter(([, { inputs }]) => Object.keys(inputs).some((input) => input.includes('node_modules/croner/')))
    .map(([file]) => basename(file));
}

describe('the reconcile bundle with its compiled policy', () => {
  let world: TestWorld;
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    world = await setUpWorld();
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-reconcile-tables-'));
    cpSync(dirname(bundlePath('reconcile')), join(dir, 'reconcile'), { recursive: true });
    bundle = join(dir, 'reconcile', 'index.mjs');
    const croner = cronerChunks(join(dir, 'reconcile'));
    expect(croner).toHaveLength(1);
    for (const chunk of croner) rmSync(join(dir, 'reconcile', chunk));
    writeFileSync(join(dir, 'policy.yml'), POLICY);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runReconcile() {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(JSON.stringify(await handler({})));`;
    const env = { ...process.env, POLICY_PATH: join(dir, 'policy.yml'), ALERT_TOPIC_ARN: world.topicArn, LEDGER_TABLE: world.ledgerTable, POWERTOOLS_LOG_LEVEL: 'ERROR' };
    return spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env, encoding: 'utf8' });
  }

  it("runs the schedule's latest firing without croner", async () => {
    writeFileSync(join(dir, 'reconcile', COMPILED_POLICY_FILE), compiledPolicyText(join(dir, 'policy.yml')));
    const before = Math.floor(Date.now() / 60_000) * 60_000;

    const run = runReconcile();

    expect(run.stderr).toBe('');
    const after = Math.floor(Date.now() / 60_000) * 60_000;
    const firings = [before, after].map((minute) => `schedule:every-minute@${new Date(minute).toISOString()}`);
    const summary = JSON.parse(run.stdout) as { signals: string[]; steps: { outcome: string }[] };
    expect(firings).toContain(summary.signals[0]);
    expect(summary.steps).toMatchObject([{ outcome: 'alerted' }]);
    const [alert] = await world.readAlerts();
    expect(alert?.title).toBe('Every minute');
  });

  it('needs croner, and fails without it, when there is no compiled policy to take the firings from', () => {
    rmSync(join(dir, 'reconcile', COMPILED_POLICY_FILE), { force: true });

    const run = runReconcile();

    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Cannot find module .*chunk-/);
  });
});
