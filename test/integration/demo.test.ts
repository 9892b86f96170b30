/**
 * npm run demo, end to end: every scene plays on the demo's own embedded AWS (a second moto,
 * beside the global setup's) and holds its expectations, the HTML report shows the failover
 * incident, and nothing the demo started outlives it. The demo runs as a user runs it, in a
 * child process: the bundles are ES modules, which Jest's module system cannot import.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoRun } from '../../infra/local/demo/journal';
import { missingBundles } from '../../infra/stack/artifacts';

const ROOT = join(__dirname, '..', '..');
/** The demo takes about half a minute; the rest is slack for a slow machine. */
const DEMO_TIMEOUT_MS = 150_000;

interface Finished {
  code: number | null;
  output: string;
}

function playDemo(reportDir: string): Promise<Finished> {
  // As a user runs it, without what the integration setup put in the environment; plain text for the log.
  const inherited = Object.entries(process.env).filter(([name]) => !['AWS_ENDPOINT_URL', 'POWERTOOLS_LOG_LEVEL', 'OPS_AUTOPILOT_MAX_ATTEMPTS'].includes(name));
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(inherited), NO_COLOR: '1' };
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/demo.ts', '--report-dir', reportDir], { cwd: ROOT, env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // SIGTERM lets the demo stop its emulator; SIGKILL only if it does not.
  const timer = setTimeout(() => {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, DEMO_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  let reportDir: string;
  let finished: Finished;
  let run: DemoRun;
  let html: string;

  beforeAll(async () => {
    const missing = missingBundles(ROOT);
    if (missing.length) throw new Error(`the demo runs the built bundles, and ${missing.join(', ')} are missing: run npm run build first`);
    reportDir = mkdtempSync(join(tmpdir(), 'ops-autopilot-demo-'));
    finished = await playDemo(reportDir);
    const files = readdirSync(reportDir);
    const named = (ext: string) => files.find((f) => f.startsWith('demo-') && f.endsWith(ext));
    const json = named('.json');
    const page = named('.html');
    if (!json || !page) throw new Error(`the demo wrote no report (exit ${finished.code}):\n${finished.output.slice(-4000)}`);
    run = JSON.parse(readFileSync(join(reportDir, json), 'utf8')) as DemoRun;
    html = readFileSync(join(reportDir, page), 'utf8');
  }, DEMO_TIMEOUT_MS + 20_000);

  afterAll(() => {
    if (reportDir) rmSync(reportDir, { recursive: true, force: true });
  });

  it('holds every expectation and exits 0', () => {
    const failed = run.scenes.filter((s) => !s.passed).map((s) => `${s.number} ${s.title}: ${JSON.stringify(s.checks.filter((c) => !c.passed))} ${s.error ?? ''}`);

    expect(failed).toEqual([]);
    expect(run.scenes).toHaveLength(10);
    expect(run.passed).toBe(true);
    expect(finished.code).toBe(0);
    expect(finished.output).toMatch(/Every expected outcome held/);
  });

  it('writes an HTML report with the failover as one incident', () => {
    const failover = run.scenes.find((s) => /failover/i.test(s.title));
    const incidents = new Set(failover?.entries.flatMap((e) => e.alerts.map((a) => a.alert.incident)));

    expect(incidents.size).toBe(1);
    const [incident] = [...incidents];
    expect(incident).toMatch(/^rds:orders-aurora:failover@/);
    expect(html).toContain(incident);
    expect(html).toContain('Cluster failover completed: orders-aurora');
    expect(html).toMatch(/<div class="slack sev-critical">/);
    // The completion is drawn as a reply under the start, and the start's root edited to resolved.
    expect(failover?.entries.flatMap((e) => e.alerts.map((a) => (a.thread?.threadTs ? 'reply' : 'root')))).toEqual(['root', 'reply']);
    expect(html).toMatch(/<div class="alert reply"><div class="slack sev-critical"><div class="thread">↳ reply in the thread of /);
    expect(html).toContain('✎ chat.update of the thread root');
    expect(html).toContain('Resolved: Cluster failover started (cross-AZ): orders-aurora');
    expect(finished.output).toMatch(/Report: .*demo-.*\.html/);
  });

  it('draws capacity and replicas over the run, with the triggers, as an inline SVG chart', () => {
    const samples = run.scenes.flatMap((s) => s.entries.flatMap((e) => (e.world ? [e.world] : [])));

    expect(html).toMatch(/<svg class="chart"[^>]*>[\s\S]*<\/svg>/);
    expect(html.match(/class="trigger"/g)?.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...samples.map((w) => w.desiredCapacity))).toBe(10);
    expect(samples.at(-1)).toEqual({ desiredCapacity: 10, readReplicas: 2, auroraReaders: 1 });
  });

  it('leaves no emulator behind', async () => {
    expect(run.setup.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answers(run.setup.endpoint)).toBe(false);
  });
});
