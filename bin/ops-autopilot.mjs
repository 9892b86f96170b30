#!/usr/bin/env node
// `ops-autopilot` runs the CLI's bundle (dist/cli/index.mjs, from `npm run build`): it starts in
// a fraction of the time the TypeScript sources take through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/index.mjs', import.meta.url);

if (existsSync(fileURLToPath(bundle))) {
  await import(bundle.href);
} else {
  process.stderr.write(`ops-autopilot: the CLI is not built (${fileURLToPath(bundle)} is missing): run npm run build\n`);
  // EXIT.notReady (functions/cli/exit-codes.ts): not set up to run.
  process.exitCode = 4;
}
