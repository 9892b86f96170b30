/** The worked example's template is a template people copy: it must lint clean. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('infra/examples/wordpress/template.yml', () => {
  it('passes cfn-lint without errors or warnings', () => {
    const template = join(__dirname, '..', '..', '..', 'infra', 'examples', 'wordpress', 'template.yml');
    const lint = spawnSync('cfn-lint', ['--format', 'json', template], { encoding: 'utf8' });
    if (lint.error) throw new Error(`cfn-lint could not run (pip install cfn-lint): ${lint.error.message}`);
    const findings = JSON.parse(lint.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[];
    expect(findings.map((f) => `${f.Level} ${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });
});
