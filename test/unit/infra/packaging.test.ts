import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingBundlesError, missingBundles, writeArtifacts } from '../../../infra/stack/artifacts';
import { FUNCTIONS } from '../../../infra/stack/naming';
import { packageStack, UPDATE_TEMPLATE } from '../../../infra/stack/package';
import { readPackagedStack, resourcesOfType } from '../../../infra/stack/packaged';
import { zip } from '../../../infra/stack/zip';
import { PolicyError } from '../../../functions/errors';
import { readsPolicy } from '../../../functions/function-names';
import { compiledPolicyText } from '../../../functions/policy/compile';
import { COMPILED_POLICY_FILE } from '../../../functions/policy/compiled-policy';

interface ZipEntryRead {
  name: string;
  mode: number;
  sha256: string;
  /** The content of small files; bundles are compared by hash. */
  text?: string;
}

/** Reads a zip back with Python's zipfile (installed with cfn-lint and moto), an independent reader. */
function readZip(path: string): ZipEntryRead[] {
  const script = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
def entry(i):
    data = z.read(i)
    e = {"name": i.filename, "mode": i.external_attr >> 16, "sha256": hashlib.sha256(data).hexdigest()}
    if len(data) < 65536: e["text"] = data.decode("utf-8", "replace")
    return e
print(json.dumps([entry(i) for i in z.infolist()]))`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as ZipEntryRead[];
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('zip', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-zip-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an archive standard tools read, with readable files, byte for byte the same every time', async () => {
    const entries = [
      { name: 'index.mjs', data: Buffer.from('export const handler = async () => "ok";\n'.repeat(100)) },
      { name: 'policy.yml', data: Buffer.from('version: 1\n') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    writeFileSync(join(dir, 'a.zip'), await zip(entries));

    expect(readZip(join(dir, 'a.zip')).map(({ name, mode, text }) => ({ name, mode, text }))).toEqual([
      { name: 'index.mjs', mode: 0o100644, text: entries[0]?.data.toString() },
      { name: 'policy.yml', mode: 0o100644, text: 'version: 1\n' },
      { name: 'empty.txt', mode: 0o100644, text: '' },
    ]);
    expect((await zip(entries)).equals(await zip(entries))).toBe(true);
  });
});

describe('writeArtifacts', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ops-autopilot-artifacts-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const build = (withMaps: boolean) => {
    for (const fn of FUNCTIONS) {
      mkdirSync(join(root, 'dist', fn), { recursive: true });
      writeFileSync(join(root, 'dist', fn, 'index.mjs'), `export const handler = async () => "${fn}";\n`);
      if (withMaps) writeFileSync(join(root, 'dist', fn, 'index.mjs.map'), '{"version":3}');
      writeFileSync(join(root, 'dist', fn, 'chunk-B.mjs'), 'export const b = 2;\n');
      writeFileSync(join(root, 'dist', fn, 'chunk-A.mjs'), 'export const a = 1;\n');
      if (withMaps) writeFileSync(join(root, 'dist', fn, 'chunk-A.mjs.map'), '{"version":3}');
      writeFileSync(join(root, 'dist', fn, 'meta.json'), '{"inputs":{}}');
    }
    writeFileSync(join(root, 'policy.yml'), 'version: 1\n');
  };

  it('zips only the bundle (entry, chunks, source maps), the policy and, for a function that reads it, the policy compiled', async () => {
    build(true);
    const written = await writeArtifacts(root, join(root, 'out'), join(root, 'policy.yml'));

    for (const fn of FUNCTIONS) {
      expect(written[fn]).toBe(join(root, 'out', `${fn}.zip`));
      expect(readZip(written[fn]).map(({ name, text }) => [name, text])).toEqual([
        ['index.mjs', `export const handler = async () => "${fn}";\n`],
        ['index.mjs.map', '{"version":3}'],
        ['chunk-A.mjs', 'export const a = 1;\n'],
        ['chunk-A.mjs.map', '{"version":3}'],
        ['chunk-B.mjs', 'export const b = 2;\n'],
        ['policy.yml', 'version: 1\n'],
        ...(readsPolicy(fn) ? [[COMPILED_POLICY_FILE, compiledPolicyText(join(root, 'policy.yml'))]] : []),
      ]);
    }
  });

  it('refuses to package an invalid policy, listing its issues', async () => {
    build(false);
    writeFileSync(join(root, 'policy.yml'), 'version: 2\n');
    await expect(writeArtifacts(root, join(root, 'out'), join(root, 'policy.yml'))).rejects.toThrow(PolicyError);
  });

  it('ships no source map when the build wrote none', async () => {
    build(false);
    const written = await writeArtifacts(root, join(root, 'out'), join(root, 'policy.yml'));
    expect(readZip(written['slack-notifier']).map((e) => e.name)).toEqual(['index.mjs', 'chunk-A.mjs', 'chunk-B.mjs', 'policy.yml']);
  });

  it('refuses to package without the bundles, telling what to run', async () => {
    writeFileSync(join(root, 'policy.yml'), 'version: 1\n');
    expect(missingBundles(root)).toEqual(FUNCTIONS.map((fn) => `dist/${fn}/index.mjs`));
    await expect(writeArtifacts(root, join(root, 'out'), join(root, 'policy.yml'))).rejects.toThrow(MissingBundlesError);
    expect(() => packageStack({ root })).toThrow(/^missing function bundle\(s\) dist\/alarm-remediation\/index\.mjs, .*: run npm run build first$/);
  });

  it('ships the policy file byte for byte', async () => {
    build(false);
    const policy = readFileSync(join(__dirname, '../../../infra/policy.yml'), 'utf8');
    writeFileSync(join(root, 'policy.yml'), policy);
    const written = await writeArtifacts(root, join(root, 'out'), join(root, 'policy.yml'));
    expect(readZip(written['alarm-remediation']).find((e) => e.name === 'policy.yml')?.text).toBe(policy);
  });
});

describe('the packaged stack (npm run package)', () => {
  const packaged = readPackagedStack();

  it('holds one zip per function with only its bundle (entry, chunks, source maps), infra/policy.yml and the policy compiled', () => {
    const policy = readFileSync(join(__dirname, '../../../infra/policy.yml'), 'utf8');
    for (const fn of FUNCTIONS) {
      const entries = readZip(packaged.artifact(fn));
      const built = readdirSync(join(__dirname, '../../../dist', fn)).filter((name) => /\.mjs(\.map)?$/.test(name));
      expect(entries.map((e) => e.name).sort()).toEqual([...built, 'policy.yml', ...(readsPolicy(fn) ? [COMPILED_POLICY_FILE] : [])].sort());
      expect(entries[0]?.name).toBe('index.mjs');
      // Equal to the build as long as nothing rebuilt dist/ after `npm run package`, as in `npm test`.
      expect(entries.find((e) => e.name === 'index.mjs')?.sha256).toBe(sha256(join(__dirname, '../../../dist', fn, 'index.mjs')));
      expect(entries.find((e) => e.name === 'policy.yml')?.text).toBe(policy);
    }
  });
});

describe('packaging another policy', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const changed = `version: 1
settings: { killSwitchParameter: /team/pause }
rules:
  - name: api-scale-out
    on: { alarm: "api-*" }
    do:
      - scaleAutoScalingGroup: { group: api-asg, by: 1, max: 8 }
  - name: any-alarm-ok
    on: { alarm: "*", state: OK }
    do:
      - alert: { severity: info }
  - name: writer-failover
    on: { rdsEvent: { eventId: RDS-EVENT-0049, source: orders-aurora } }
    do:
      - alert: { severity: critical }
schedules:
  - name: nightly-batch
    cron: "30 1 * * ? *"
    timezone: Europe/Berlin
    do:
      - setCapacity: { group: batch-asg, desired: 0 }
`;

  it('changes the rules, schedules, permissions and shipped policy of the packaged stack, and leaves .serverless alone', () => {
    const before = readFileSync(join(readPackagedStack().dir, UPDATE_TEMPLATE), 'utf8');
    writeFileSync(join(dir, 'policy.yml'), changed);

    const out = packageStack({ root: join(__dirname, '../../..'), policyFile: join(dir, 'policy.yml'), outDir: join(dir, 'out') });
    const { template } = readPackagedStack(out);

    const patterns = resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, r]) => (r.Properties?.EventPattern ? [r.Properties.EventPattern] : []));
    expect(patterns).toEqual([
      { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['OK'] } } },
      { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: 'api-' }], state: { value: ['ALARM'] } } },
      {
        source: ['aws.rds'],
        'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event'],
        detail: { EventID: ['RDS-EVENT-0049'], SourceIdentifier: ['orders-aurora'] },
      },
    ]);
    const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([id, r]) => [id, r.Properties?.ScheduleExpression, r.Properties?.ScheduleExpressionTimezone]);
    expect(schedules).toEqual([['NightlyBatchSchedule', 'cron(30 1 * * ? *)', 'Europe/Berlin']]);
    const scheduledRole = JSON.stringify(template.Resources.ScheduledScalingRole);
    expect(scheduledRole).toContain('autoScalingGroupName/batch-asg');
    expect(scheduledRole).toContain('parameter/team/pause');
    expect(scheduledRole).not.toContain('web-asg');
    expect(readZip(join(out, 'scheduled-scaling.zip')).find((e) => e.name === 'policy.yml')?.text).toBe(changed);

    expect(readFileSync(join(readPackagedStack().dir, UPDATE_TEMPLATE), 'utf8')).toBe(before);
  }, 120_000);
});
