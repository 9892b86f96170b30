/** Which rules a signal triggers. Pure: the policy and the signal in, matching rules out, in policy order. */
import type { AlarmSignal, RdsEventSignal } from '../signals/types';
import type { AlarmRule, Policy, RdsEventRule, Rule } from './schema';

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

export function isAlarmRule(rule: Rule): rule is AlarmRule {
  return 'alarm' in rule.on;
}

export function isRdsEventRule(rule: Rule): rule is RdsEventRule {
  return 'rdsEvent' in rule.on;
}

export function matchAlarmRules(policy: Policy, signal: AlarmSignal): AlarmRule[] {
  return policy.rules
    .filter(isAlarmRule)
    .filter((rule) => rule.on.state === signal.state && globMatches(rule.on.alarm, signal.alarmName));
}

export function matchRdsEventRules(policy: Policy, signal: RdsEventSignal): RdsEventRule[] {
  return policy.rules.filter(isRdsEventRule).filter((rule) => {
    const { category, eventId, source } = rule.on.rdsEvent;
    if (category && !signal.categories.some((c) => c.toLowerCase() === category.toLowerCase())) return false;
    if (eventId && !globMatches(eventId, signal.eventId)) return false;
    if (source && !globMatches(source, signal.sourceId)) return false;
    return true;
  });
}
