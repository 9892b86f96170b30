import { readFileSync } from 'node:fs';
import { compiledPolicyText } from '../../../functions/policy/compile';
import { COMPILED_POLICY_FORMAT, compiledPolicyFor } from '../../../functions/policy/compiled-policy';
import { parsePolicyText } from '../../../functions/policy/load';

const POLICIES = ['infra/policy.yml', 'infra/local/demo-policy.yml', 'infra/examples/wordpress/policy.yml'];

describe('the compiled policy a function ships beside its bundle', () => {
  it.each(POLICIES)('gives back exactly what full validation gives for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(compiledPolicyFor(compiledPolicyText(file), text)?.policy).toStrictEqual(parsePolicyText(text, file));
  });

  it("carries each schedule's firings from the start of the packaging day (UTC), so a day's packages are the same file", () => {
    const file = 'infra/policy.yml';
    const text = readFileSync(file, 'utf8');
    const morning = compiledPolicyText(file, new Date('2026-12-02T00:00:01Z'));

    expect(compiledPolicyText(file, new Date('2026-12-02T23:59:59Z'))).toBe(morning);
    const loaded = compiledPolicyFor(morning, text);
    if (!loaded) throw new Error('the compiled policy was not taken');
    const { policy, firings } = loaded;
    expect(Object.keys(firings)).toEqual(policy.schedules.map((s) => s.name));
    expect(firings['weekday-peak']).toMatchObject({ cron: '0 8 ? * MON-FRI *', timezone: 'Asia/Seoul', from: Date.parse('2026-12-02T00:00:00Z') });
    // 08:00 in Seoul is 23:00 UTC the day before: at 00:00 UTC on 2 December, Wednesday's firing has just been; Thursday's is next.
    expect(firings['weekday-peak']?.firings.slice(0, 2).map((t) => new Date(t).toISOString())).toEqual(['2026-12-01T23:00:00.000Z', '2026-12-02T23:00:00.000Z']);
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
