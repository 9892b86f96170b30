/**
 * The built bundles (npm run build) at a cold start: the policy compiled beside the bundle when
 * POLICY_PATH is the file it was compiled from, full validation for any other file, and stack
 * traces that point into functions/ without --enable-source-maps.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { bundlePath } from '../../../functions/function-names';
import { COMPILED_POLICY_FILE, compilePolicy } from '../../../functions/policy/compiled-policy';
import { parsePolicyText } from '../../../functions/policy/load';

const environment = (policyPath: string) => ({
  PATH: process.env.PATH,
  POLICY_PATH: policyPath,
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops-autopilot-alerts',
  LEDGER_TABLE: 'ops-autopilot-ledger',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
});

/** Imports the bundle in a fresh node, as Lambda's init does; the handler's type, or the error printed. */
function coldStart(bundle: string, policyPath: string) {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`;
  return spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env: environment(policyPath), encoding: 'utf8' });
}

describe('a function bundle at a cold start', () => {
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    // A copy, so the compiled policy beside it can be changed without touching dist/.
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-bundle-'));
    cpSync(dirname(bundlePath('alarm-remediation')), join(dir, 'alarm-remediation'), { recursive: true });
    bundle = join(dir, 'alarm-remediation', 'index.mjs');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on the policy it was compiled with, taking the compiled form as validated', () => {
    expect(coldStart(bundle, resolve('infra/policy.yml')).stdout).toBe('function\n');
    // Proof that the fast path is taken: a file full validation refuses starts when a compiled form names exactly its text.
    const refused = join(dir, 'refused.yml');
    const text = 'version: 1\nsettings: { maxActionsPerHour: -1 }\n';
    writeFileSync(refused, text);
    const compiledFile = join(dir, 'alarm-remediation', COMPILED_POLICY_FILE);
    const compiled = readFileSync(compiledFile, 'utf8');
    writeFileSync(compiledFile, JSON.stringify(compilePolicy(parsePolicyText('version: 1\n', 'valid'), text, {})));
    try {
      expect(coldStart(bundle, refused).stdout).toBe('function\n');
    } finally {
      writeFileSync(compiledFile, compiled);
    }
    expect(coldStart(bundle, refused).status).not.toBe(0);
  });

  it('validates any other policy file in full, with the same errors, and prints a stack trace into functions/', () => {
    expect(coldStart(bundle, resolve('infra/local/demo-policy.yml')).stdout).toBe('function\n');
    const invalid = join(dir, 'invalid.yml');
    writeFileSync(invalid, 'version: 1\nsettings: { maxActionsPerHour: -1 }\n');
    const run = coldStart(bundle, invalid);
    expect(run.status).not.toBe(0);
    // The error names itself (err.name, what Lambda reports as errorType); Node's own print adds the
    // minified class name before it in brackets, as in `g [PolicyError]: …`.
    expect(run.stderr).toContain(`PolicyError]: invalid policy ${invalid}:\n  - settings, field maxActionsPerHour:`);
    expect(run.stderr).toMatch(/at .*functions\/policy\/load\.ts:\d+:\d+/);
  });

  it('reads the policy file the contract names, YAML or JSON', () => {
    const json = join(dir, 'policy.json');
    writeFileSync(json, JSON.stringify(parse(readFileSync('infra/policy.yml', 'utf8'))));
    expect(coldStart(bundle, json).stdout).toBe('function\n');
  });
});
