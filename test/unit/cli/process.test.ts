/**
 * The CLI end to end, as an operator runs it (`node bin/ops-autopilot.mjs …`), for everything
 * that needs no AWS: help, usage errors, validate, plan's input errors, schedules. Asserts on
 * exit codes, on which stream carries what, and that piped output is plain text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../../functions/cli/exit-codes';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'ops-autopilot.mjs');

/** No AWS and no POLICY_PATH from the developer's shell: every run sees the same defaults. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'POLICY_PATH'));
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return cliWith({}, ...args);
}

function cliWith(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...cleanEnvironment(), ...env }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The start of every ANSI colour code. */
const ESCAPE = '\u001b[';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('ops-autopilot, run as a process', () => {
  it('prints its help with --help, on stdout, exit 0', () => {
    const run = cli('--help');

    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^Usage: ops-autopilot <command> \[options\]/);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stderr).toBe('');
  });

  it('prints a command\'s help with -h', () => {
    const run = cli('plan', '-h');

    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^Usage: ops-autopilot plan <event.json> \[--policy file\] \[--stage stage\] \[--json\]/);
  });

  it('names an unknown command on stderr, exit 2', () => {
    const run = cli('apply');

    expect(run.code).toBe(EXIT.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown command "apply"; commands: validate, plan, invoke, schedules');
  });

  it('names an unknown option, exit 2', () => {
    const run = cli('validate', '--check-azure');

    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('ops-autopilot validate: unknown option --check-azure');
  });

  it('validates the default policy: a summary, exit 0, no colours in a pipe', () => {
    const run = cli('validate');

    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^infra\/policy\.yml: valid policy, \d+ rules and \d+ schedules\n {2}settings: dryRun false, maxActionsPerHour 10/);
    expect(run.stdout).not.toContain(ESCAPE);
  });

  it('lists every issue of an invalid policy with its rule and field, exit 1', () => {
    const bad = file(
      'bad.yml',
      ['version: 1', 'rules:', '  - name: web-scale-out', '    on: { alarm: web-cpu-high }', '    do:', '      - scaleAutoScalingGroup: { group: web-asg, by: 0 }', '  - name: Bad_Name', '    on: { alarm: x }', '    do: [{ alert: { severity: loud } }]'].join('\n'),
    );

    const run = cli('validate', bad);

    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).toContain(`${bad}: invalid policy, 3 issues`);
    expect(run.stdout).toContain('  - rule "web-scale-out" (rules[0]), field do[0].scaleAutoScalingGroup.by: must not be 0');
    expect(run.stdout).toMatch(/ {2}- rule "Bad_Name" \(rules\[1\]\), field name: must be lowercase/);
    expect(run.stdout).toMatch(/ {2}- rule "Bad_Name" \(rules\[1\]\), field do\[0\]\.alert\.severity: /);
  });

  it('prints only JSON on stdout with --json', () => {
    const bad = file('bad.json', JSON.stringify({ version: 2 }));

    const run = cli('validate', bad, '--json');

    expect(run.code).toBe(EXIT.failed);
    expect(JSON.parse(run.stdout)).toEqual({ file: bad, valid: false, issues: [{ where: 'policy', field: 'version', message: 'must be 1' }] });
  });

  it('fails on a policy file that does not exist, naming it', () => {
    const run = cli('validate', 'no-such-policy.yml');

    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).toMatch(/^no-such-policy\.yml: invalid policy, 1 issue\n {2}- policy: cannot read the file: ENOENT/);
  });

  it('names a missing event file, exit 1', () => {
    const run = cli('plan', 'events/no-such-event.json');

    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('ops-autopilot plan: cannot read event file events/no-such-event.json: no such file\n');
  });

  it('names an event file that is not JSON, exit 1', () => {
    const broken = file('broken.json', '{"detail-type": "CloudWatch Alarm State Change",');

    const run = cli('plan', broken);

    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(new RegExp(`^ops-autopilot plan: event file ${broken} is not valid JSON: `));
  });

  it('gives every parser\'s reason for an event no function accepts, exit 1', () => {
    const run = cli('plan', 'events/malformed/empty-object.json', '--json');

    expect(run.code).toBe(EXIT.failed);
    const plan = JSON.parse(run.stdout) as { signals: unknown[]; rejected: { function: string; reason: string }[] };
    expect(plan.signals).toEqual([]);
    expect(plan.rejected.map((r) => r.function)).toEqual(['alarm-remediation', 'rds-events', 'scheduled-scaling']);
  });

  it('lists the schedules\' next firings as JSON', () => {
    const run = cli('schedules', '--count', '2', '--json');

    expect(run.code).toBe(EXIT.ok);
    const { schedules } = JSON.parse(run.stdout) as { schedules: { name: string; next: unknown[] }[] };
    expect(schedules.map((s) => [s.name, s.next.length])).toEqual([
      ['weekday-peak', 2],
      ['weekday-off-peak', 2],
    ]);
  });

  it('says AWS is unavailable (exit 3) when the state cannot be read because nothing answers', () => {
    const nowhere = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', OPS_AUTOPILOT_MAX_ATTEMPTS: '1' };

    const run = cliWith(nowhere, 'plan', 'events/alarm/eventbridge-app-db-read-pressure-alarm.json', '--json');

    expect(run.code).toBe(EXIT.awsUnavailable);
    const plan = JSON.parse(run.stdout) as { signals: { rules: { steps: { verdict: string; awsUnavailable?: boolean }[] }[] }[] };
    expect(plan.signals[0]?.rules[0]?.steps[0]).toMatchObject({ verdict: 'cannot-decide', awsUnavailable: true });
  });
});
