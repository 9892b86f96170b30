/**
 * What a built function (npm run build) opens at a cold start: the modules it loads lazily stay
 * out of it, and the project's own code sits in the entry and at most one chunk, however many
 * lazy modules share code with the entry (scripts/lazy-modules-chunk.ts).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { coldStartFiles } from '../../../scripts/build';
import { lazyModules } from '../../../scripts/lazy-modules-chunk';
import { bundlePath, FUNCTIONS } from '../../../functions/function-names';

const outputsOf = (fn: string) => (JSON.parse(readFileSync(`dist/${fn}/meta.json`, 'utf8')) as Metafile).outputs;
const inputsOf = (outputs: Metafile['outputs'], file: string) =>
  Object.entries(outputs[file]?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
const lazy = [...lazyModules()];

describe('the modules a function loads lazily', () => {
  it('are found in the sources: the policy loader, croner, the on-demand AWS code, the missed RDS events', () => {
    const found = lazy.map((path) => relative(resolve('functions'), path)).sort();
    expect(found).toEqual(['aws/on-demand.ts', 'flows/reconcile/missed-rds-selection.ts', 'policy/cron.ts', 'policy/load.ts']);
  });
});

describe.each(FUNCTIONS)('%s at a cold start', (fn) => {
  const outputs = outputsOf(fn);
  const cold = coldStartFiles(outputs, bundlePath(fn));
  const coldInputs = cold.flatMap((file) => inputsOf(outputs, file));

  it('opens none of the code behind a dynamic import', () => {
    const lazyInputs = lazy.map((path) => relative(process.cwd(), path));
    expect(coldInputs.filter((input) => lazyInputs.includes(input))).toEqual([]);
    expect(coldInputs.filter((input) => /node_modules\/(yaml|zod|croner|@aws-sdk\/client-(route-53|cloudformation))\//.test(input))).toEqual([]);
  });

  it("finds the project's code in at most two files", () => {
    const withOurs = cold.filter((file) => inputsOf(outputs, file).some((input) => input.startsWith('functions/')));
    expect(withOurs.length).toBeGreaterThan(0);
    expect(withOurs.length).toBeLessThanOrEqual(2);
  });
});

describe('reconcile', () => {
  it('leaves the rds-events flow and its catalog to the runs that list a missed RDS event', () => {
    const outputs = outputsOf('reconcile');
    const cold = coldStartFiles(outputs, bundlePath('reconcile')).flatMap((file) => inputsOf(outputs, file));
    expect(cold.filter((input) => /functions\/(signals\/rds-(catalog|messages|event)|flows\/rds-(events|enrichment))\.ts$/.test(input))).toEqual([]);
    expect(cold).toContain('functions/flows/reconcile/missed-rds-events.ts');
  });
});
