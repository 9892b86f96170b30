/** selftest starts only when every rule matching its alarm is dry-run and one would report. */
import { selftestReadiness } from '../../../functions/cli/selftest/readiness';
import { parsePolicyText } from '../../../functions/policy/load';

const ALARM = 'ops-autopilot-selftest-prod-1a2b3c4d';
const policy = (rules: string) => parsePolicyText(`version: 1\nrules:\n${rules}`, 'test policy');
const SELFTEST = `  - name: selftest
    on: { alarm: "ops-autopilot-selftest-*" }
    dryRun: true
    do:
      - scaleAutoScalingGroup: { group: web-asg, by: 1 }
`;

describe('selftestReadiness', () => {
  it('is ready with a dry-run rule that has a changing step', () => {
    expect(selftestReadiness(policy(SELFTEST), ALARM)).toEqual({ ready: true, rules: ['selftest'] });
  });

  it('refuses when another rule that may act also matches the alarm, in any state', () => {
    const wide = `  - name: everything-ok\n    on: { alarm: "*", state: INSUFFICIENT_DATA }\n    do:\n      - scaleAutoScalingGroup: { group: web-asg, by: -1 }\n`;

    const readiness = selftestReadiness(policy(SELFTEST + wide), ALARM);

    expect(readiness).toEqual({ ready: false, reason: expect.stringMatching(/^rule everything-ok matches the self-test alarm .* may change resources/) });
  });

  it('is ready when settings.dryRun covers every rule', () => {
    const all = parsePolicyText(`version: 1\nsettings: { dryRun: true }\nrules:\n${SELFTEST.replace('    dryRun: true\n', '')}`, 'test policy');

    expect(selftestReadiness(all, ALARM)).toMatchObject({ ready: true });
  });

  it('says what to add when no rule matches, and refuses a step that needs the alarm dimensions', () => {
    expect(selftestReadiness(policy('  - name: web\n    on: { alarm: web-cpu-high }\n    do:\n      - alert: { severity: info }\n'), ALARM)).toEqual({
      ready: false,
      reason: expect.stringContaining('dryRun: true'),
    });
    expect(selftestReadiness(policy(SELFTEST.replace('group: web-asg', 'group: { fromAlarm: AutoScalingGroupName }')), ALARM)).toMatchObject({ ready: false, reason: expect.stringMatching(/fromAlarm/) });
  });
});
