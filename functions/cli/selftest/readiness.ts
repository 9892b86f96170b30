/**
 * Whether a policy lets `selftest` run, decided before anything is created. The self-test
 * alarm is named `ops-autopilot-selftest-<stage>-<id>`; every rule whose alarm pattern matches
 * that name, in any state (AWS moves a fresh alarm back to INSUFFICIENT_DATA on its own), must
 * be dry-run — its own `dryRun: true`, or settings.dryRun — so the run cannot change a resource.
 * At least one must have a changing step, whose `dry-run` report is what the self-test waits for.
 */
import { isMutating } from '../../actions/registry';
import { alarmNameMatches, alarmNamePatterns } from '../../policy/match';
import type { PolicyDocument } from '../../policy/schema';
import { SELFTEST_ALARM_PREFIX } from './command';

/** What to add to the policy, shown by `selftest` and `validate` when the policy has no such rule. */
export const SELFTEST_RULE_EXAMPLE = `  - name: selftest
    on: { alarm: "${SELFTEST_ALARM_PREFIX}*" }
    dryRun: true
    repeat: false
    do:
      - scaleAutoScalingGroup: { group: <a group the policy scales>, by: 1 }`;

export type Readiness = { ready: true; rules: string[] } | { ready: false; reason: string };

/** The alarm a run creates; the id keeps two runs (or two stages) apart. */
export function selftestAlarmName(stage: string, id: string): string {
  return `${SELFTEST_ALARM_PREFIX}${stage}-${id}`;
}

const usesAlarmDimension = (options: object): boolean => Object.values(options).some((value) => typeof value === 'object' && value !== null && 'fromAlarm' in value);

/** For `validate`: whether a self-test of any stage could run with this policy. */
export function selftestSupport(policy: PolicyDocument): { ready: true; rules: string[] } | { ready: false; howTo: string } {
  const readiness = selftestReadiness(policy, selftestAlarmName('<stage>', '<id>'));
  return readiness.ready ? readiness : { ready: false, howTo: readiness.reason };
}

export function selftestReadiness(policy: PolicyDocument, alarmName: string): Readiness {
  const matching = alarmNamePatterns(policy).filter(({ pattern }) => alarmNameMatches(pattern, alarmName)).map(({ rule }) => rule);
  const acting = matching.filter((rule) => !rule.dryRun && !policy.settings.dryRun && rule.do.some(isMutating));
  if (acting.length) {
    const names = acting.map((rule) => rule.name).join(', ');
    return { ready: false, reason: `rule ${names} matches the self-test alarm ${alarmName} and may change resources: give it dryRun: true, or narrow its alarm pattern` };
  }
  const reporting = matching.filter((rule) => rule.on.state === 'ALARM' && rule.do.some(isMutating));
  if (!reporting.length) {
    return { ready: false, reason: `no dry-run rule with a changing step acts on ${SELFTEST_ALARM_PREFIX}* in ALARM; add one to the policy and deploy it:\n${SELFTEST_RULE_EXAMPLE}` };
  }
  const dimensional = reporting.filter((rule) => rule.do.some((step) => isMutating(step) && usesAlarmDimension(step.options)));
  if (dimensional.length) {
    return { ready: false, reason: `rule ${dimensional.map((r) => r.name).join(', ')} takes a target from the alarm's dimensions ({ fromAlarm }); the self-test alarm has none: name the target instead` };
  }
  return { ready: true, rules: reporting.map((rule) => rule.name) };
}
