/**
 * EventBridge event patterns derived from the policy: the rules deliver only the alarm state
 * changes and RDS events some policy rule listens for, so the functions are not invoked (and
 * billed, and logged) for the rest of the account's traffic.
 */
import { alarmGlob, alarmNamePattern, isAlarmRule, isRdsEventRule } from '../../functions/policy/match';
import type { PolicyDocument } from '../../functions/policy/schema';
import { ALARM_STATES, type AlarmState } from '../../functions/signals/types';

/** One value matcher of an EventBridge pattern. */
export type Matcher = string | { prefix: string } | { suffix: string } | { wildcard: string } | { 'equals-ignore-case': string };

export interface EventPattern {
  source: string[];
  'detail-type': string[];
  detail: Record<string, Matcher[] | Record<string, Matcher[]>>;
}

/** A pattern and the policy rules it serves (the rule's description names them). */
export interface DerivedPattern {
  pattern: EventPattern;
  rules: string[];
}

export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';
export const RDS_DETAIL_TYPES = ['RDS DB Instance Event', 'RDS DB Cluster Event'];

/**
 * A policy glob (`*` is any run of characters, all else literal, as in match.ts) as the
 * narrowest EventBridge matcher: the exact string, a prefix, a suffix, or a wildcard.
 * Undefined for a bare `*`, which matches every value, so the field is left out of the pattern.
 */
export function globMatcher(glob: string): Matcher | undefined {
  // Runs of `*` mean the same as one, and EventBridge rejects consecutive wildcards.
  const pattern = glob.replace(/\*+/g, '*');
  if (pattern === '*') return undefined;
  const stars = pattern.split('*').length - 1;
  if (stars === 0) return pattern;
  if (stars === 1 && pattern.endsWith('*')) return { prefix: pattern.slice(0, -1) };
  if (stars === 1 && pattern.startsWith('*')) return { suffix: pattern.slice(1) };
  // In a wildcard matcher a backslash escapes; policy globs have no escapes, so it is literal.
  return { wildcard: pattern.replaceAll('\\', '\\\\') };
}

const key = (value: unknown) => JSON.stringify(value);

function unique<T>(items: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

/**
 * The alarm rules as patterns on `detail.alarmName` and `detail.state.value`: one pattern
 * per distinct set of alarm names, listing the states that set is wanted in. Names are not
 * crossed with states a rule does not ask for, except where two states share the same names.
 */
export function alarmEventPatterns(policy: PolicyDocument): DerivedPattern[] {
  const namesByState = new Map<AlarmState, { any: boolean; matchers: Matcher[]; rules: string[] }>();
  for (const rule of policy.rules.filter(isAlarmRule)) {
    const entry = namesByState.get(rule.on.state) ?? { any: false, matchers: [], rules: [] };
    // A stack alarm `{ stack, logicalId }` becomes the prefix `<stack>-<logicalId>-`.
    const matcher = globMatcher(alarmGlob(alarmNamePattern(rule.on)));
    if (matcher === undefined) entry.any = true;
    else entry.matchers = unique([...entry.matchers, matcher]);
    entry.rules.push(rule.name);
    namesByState.set(rule.on.state, entry);
  }
  const groups = new Map<string, { names: Matcher[] | undefined; states: AlarmState[]; rules: string[] }>();
  for (const state of ALARM_STATES) {
    const entry = namesByState.get(state);
    if (!entry) continue;
    const names = entry.any ? undefined : entry.matchers;
    const groupKey = names ? key(names.map(key).sort()) : '*';
    const group = groups.get(groupKey) ?? { names, states: [], rules: [] };
    group.states.push(state);
    group.rules.push(...entry.rules);
    groups.set(groupKey, group);
  }
  return [...groups.values()].map(({ names, states, rules }) => ({
    pattern: {
      source: ['aws.cloudwatch'],
      'detail-type': [ALARM_DETAIL_TYPE],
      detail: { ...(names ? { alarmName: names } : {}), state: { value: states } },
    },
    rules,
  }));
}

/**
 * One pattern per distinct rdsEvent trigger, on instance and cluster events alike (the
 * policy does not say which a source is). Categories compare case-insensitively, as in match.ts.
 */
export function rdsEventPatterns(policy: PolicyDocument): DerivedPattern[] {
  const byPattern = new Map<string, DerivedPattern>();
  for (const { name, on } of policy.rules.filter(isRdsEventRule)) {
    const { category, eventId, source } = on.rdsEvent;
    const detail: EventPattern['detail'] = {};
    if (category) detail.EventCategories = [{ 'equals-ignore-case': category }];
    const eventIdMatcher = eventId && globMatcher(eventId);
    if (eventIdMatcher) detail.EventID = [eventIdMatcher];
    const sourceMatcher = source && globMatcher(source);
    if (sourceMatcher) detail.SourceIdentifier = [sourceMatcher];
    const pattern: EventPattern = { source: ['aws.rds'], 'detail-type': [...RDS_DETAIL_TYPES], detail };
    const existing = byPattern.get(key(pattern));
    if (existing) existing.rules.push(name);
    else byPattern.set(key(pattern), { pattern, rules: [name] });
  }
  return [...byPattern.values()];
}
