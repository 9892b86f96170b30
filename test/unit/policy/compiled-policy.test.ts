import { readFileSync } from 'node:fs';
import { compiledPolicyText } from '../../../functions/policy/compile';
import { COMPILED_POLICY_FORMAT, compiledPolicyFor } from '../../../functions/policy/compiled-policy';
import { parsePolicyText } from '../../../functions/policy/load';

const POLICIES = ['infra/policy.yml', 'infra/local/demo-policy.yml', 'infra/examples/wordpress/policy.yml'];

describe('the compiled policy a function ships beside its bundle', () => {
  it.each(POLICIES)('gives back exactly what full validation gives for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(compiledPolicyFor(compiledPolicyText(file), text)).toStrictEqual(parsePolicyText(text, file));
  });

  it('is not used for any other text, not even one changed character', () => {
    const file = 'infra/policy.yml';
    const text = readFileSync(file, 'utf8');
    expect(compiledPolicyFor(compiledPolicyText(file), `${text} `)).toBeUndefined();
    expect(compiledPolicyFor(compiledPolicyText(file), text.replace('maxActionsPerHour: 10', 'maxActionsPerHour: 11'))).toBeUndefined();
  });

  it('is not used when it was written in another format or is not JSON', () => {
    const file = 'infra/policy.yml';
    const text = readFileSync(file, 'utf8');
    const compiled = JSON.parse(compiledPolicyText(file)) as { format: string };
    expect(compiled.format).toBe(COMPILED_POLICY_FORMAT);
    expect(compiledPolicyFor(JSON.stringify({ ...compiled, format: 'ops-autopilot/compiled-policy@0' }), text)).toBeUndefined();
    expect(compiledPolicyFor('{', text)).toBeUndefined();
  });
});
