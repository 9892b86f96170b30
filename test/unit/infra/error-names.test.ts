/**
 * The bundles are minified without keepNames, so an error's name in an alert or a log line is
 * only right if its class writes it out: every error class under functions/ does, as itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const errorClasses = sources('functions').flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends (\w+) \{([\s\S]*?)\n\}/g)]
    .filter(([, , base]) => /Error$/.test(base ?? ''))
    .map(([, name, , body]) => ({ file, name, body: body ?? '' })),
);

describe('error classes', () => {
  it('are found (the scan reads the sources it should)', () => {
    expect(errorClasses.map((c) => c.name)).toEqual(expect.arrayContaining(['OpsAutopilotError', 'PolicyError', 'ResourceNotFoundError', 'UsageError']));
  });

  it.each(errorClasses.map((c) => [c.name, c.file, c.body] as const))('%s (%s) sets name to its own class name', (name, _file, body) => {
    expect(body).toContain(`override name = '${name}';`);
  });
});
