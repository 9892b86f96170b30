/**
 * Which rules a signal triggers. Pure: the policy and the signal in, matching rules out, in
 * policy order. Works on the document (steps as written) and on the runtime policy alike.
 */
import type { AlarmSignal, RdsEventSignal } from '../signals/types';
import type { AlarmTrigger, PolicyRule, RdsEventTrigger } from './schema';

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

type AnyRule = Pick<PolicyRule, 'name' | 'on'>;

export function isAlarmRule<R extends AnyRule>(rule: R): rule is R & { on: AlarmTrigger } {
  return 'alarm' in rule.on;
}

export function isRdsEventRule<R extends AnyRule>(rule: R): rule is R & { on: RdsEventTrigger } {
  return 'rdsEvent' in rule.on;
}

/**
 * The alarm names a rule listens to: one exact name, or a glob with the literal prefix before
 * its first `*` (DescribeAlarms takes up to 100 names a call, or one AlarmNamePrefix).
 * `{ stack, logicalId }` means the names CloudFormation gives that alarm: `<stack>-<logicalId>-*`.
 */
export type AlarmNamePattern = { kind: 'exact'; name: string } | { kind: 'glob'; glob: string; prefix: string };

export function alarmNamePattern(trigger: Pick<AlarmTrigger, 'alarm'>): AlarmNamePattern {
  const glob = typeof trigger.alarm === 'string' ? trigger.alarm : `${trigger.alarm.stack}-${trigger.alarm.logicalId}-*`;
  const star = glob.indexOf('*');
  return star < 0 ? { kind: 'exact', name: glob } : { kind: 'glob', glob, prefix: glob.slice(0, star) };
}

/** The pattern as one glob string (an exact name is a glob without `*`). */
export function alarmGlob(pattern: AlarmNamePattern): string {
  return pattern.kind === 'exact' ? pattern.name : pattern.glob;
}

export function alarmNameMatches(pattern: AlarmNamePattern, alarmName: string): boolean {
  return pattern.kind === 'exact' ? pattern.name === alarmName : globMatches(pattern.glob, alarmName);
}

/** Every alarm rule's name pattern, in policy order: what reconcile reads the states of. */
export function alarmNamePatterns<R extends AnyRule>(policy: { rules: R[] }): { rule: R & { on: AlarmTrigger }; pattern: AlarmNamePattern }[] {
  return policy.rules.filter(isAlarmRule).map((rule) => ({ rule, pattern: alarmNamePattern(rule.on) }));
}

export function matchAlarmRules<R extends AnyRule>(policy: { rules: R[] }, signal: AlarmSignal): (R & { on: AlarmTrigger })[] {
  return alarmNamePatterns(policy)
    .filter(({ rule, pattern }) => rule.on.state === signal.state && alarmNameMatches(pattern, signal.alarmName))
    .map(({ rule }) => rule);
}

export function matchRdsEventRules<R extends AnyRule>(policy: { rules: R[] }, signal: RdsEventSignal): (R & { on: RdsEventTrigger })[] {
  return policy.rules.filter(isRdsEventRule).filter((rule) => {
    const { category, eventId, source } = rule.on.rdsEvent;
    if (category && !signal.categories.some((c) => c.toLowerCase() === category.toLowerCase())) return false;
    if (eventId && !globMatches(eventId, signal.eventId)) return false;
    if (source && !globMatches(source, signal.sourceId)) return false;
    return true;
  });
}
