/** bin/ops-autopilot.mjs runs the CLI's bundle, and says how to build it when it is missing. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '../../../bin/ops-autopilot.mjs');

describe('bin/ops-autopilot.mjs', () => {
  it('runs the built CLI (dist/cli/index.mjs)', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ops-autopilot <command>/);
  });

  it('says to run npm run build when the CLI is not built, exit 4 (not set up)', () => {
    const root = mkdtempSync(join(tmpdir(), 'ops-autopilot-bin-'));
    try {
      mkdirSync(join(root, 'bin'));
      copyFileSync(BIN, join(root, 'bin', 'ops-autopilot.mjs'));
      const run = spawnSync(process.execPath, [join(root, 'bin', 'ops-autopilot.mjs'), '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(4);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`ops-autopilot: the CLI is not built (${join(root, 'dist', 'cli', 'index.mjs')} is missing): run npm run build\n`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
