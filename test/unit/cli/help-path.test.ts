/**
 * `ops-autopilot --help` loads only the CLI's entry and the chunks it imports statically; each
 * command's implementation (AWS SDK, policy schema, YAML parser) comes in by dynamic import when
 * it runs. Checked on esbuild's metafile of the CLI build, so a static import that drags them in
 * fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { buildCli } from '../../../scripts/build';

/** The source files in the outputs reachable from `output` through the given kinds of import. */
function inputsReachable(metafile: Metafile, output: string, kinds: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [output];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const imported of metafile.outputs[next]?.imports ?? []) {
      if (!imported.external && kinds.includes(imported.kind)) pending.push(imported.path);
    }
  }
  return new Set([...seen].flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {})));
}

const COMMANDS = ['validate', 'plan', 'invoke', 'schedules', 'setup', 'selftest'];
const HEAVY = /node_modules\/(@aws-sdk|@smithy|zod|yaml)\//;

describe('the CLI bundle on the path of --help', () => {
  let dir: string;
  let metafile: Metafile;
  let entry: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-cli-'));
    metafile = await buildCli(join(dir, 'index.mjs'));
    const found = Object.keys(metafile.outputs).find((file) => file.endsWith('/index.mjs'));
    if (!found) throw new Error('the CLI build has no index.mjs');
    entry = found;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports statically every command's light module and no implementation, SDK, zod or YAML parser", () => {
    const statically = [...inputsReachable(metafile, entry, ['import-statement'])];

    for (const name of COMMANDS) {
      expect(statically).toContain(`functions/cli/${name}/command.ts`);
      expect(statically).not.toContain(`functions/cli/${name}/run.ts`);
    }
    expect(statically.filter((input) => input.includes('node_modules/'))).toEqual([]);
  });

  it('reaches each implementation and the SDK through dynamic imports, so the check above can see them', () => {
    const all = [...inputsReachable(metafile, entry, ['import-statement', 'dynamic-import'])];

    for (const name of COMMANDS) expect(all).toContain(`functions/cli/${name}/run.ts`);
    expect(all.some((input) => HEAVY.test(input))).toBe(true);
  });
});
