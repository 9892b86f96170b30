/**
 * The alarms the rules name, read with DescribeAlarms: exact names in batches of 100, a glob
 * through its literal prefix (AlarmNamePrefix) and then matched whole. A glob exists when it
 * matches at least one alarm.
 */
import { paginateDescribeAlarms, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { alarmGlob, alarmNameMatches, alarmNamePatterns, type AlarmNamePattern } from '../../policy/match';
import type { PolicyRule } from '../../policy/schema';

/** What the doctor needs to know of one alarm. */
export interface AlarmFacts {
  name: string;
  /** Metric dimensions; none for a composite alarm. */
  dimensions?: Record<string, string>;
  alarmType: 'metric' | 'composite';
  actions: string[];
}

export interface AlarmCheck {
  type: 'alarm';
  /** The exact name or the glob, as the rule names it. */
  id: string;
  usedBy: string[];
  exists: boolean;
  /** The alarms a glob matched (an exact name matches itself). */
  matches: string[];
}

export interface AlarmsFound {
  checks: AlarmCheck[];
  /** The alarms each rule acts on, by rule name. */
  byRule: Map<string, AlarmFacts[]>;
}

const BATCH = 100;
const ALARM_TYPES = ['MetricAlarm', 'CompositeAlarm'] as const;

async function describe(cloudWatch: CloudWatchClient, query: { AlarmNames: string[] } | { AlarmNamePrefix: string }): Promise<AlarmFacts[]> {
  const found: AlarmFacts[] = [];
  for await (const page of paginateDescribeAlarms({ client: cloudWatch }, { ...query, AlarmTypes: [...ALARM_TYPES] })) {
    for (const alarm of page.MetricAlarms ?? []) {
      const dimensions = Object.fromEntries((alarm.Dimensions ?? []).flatMap((d) => (d.Name && d.Value ? [[d.Name, d.Value]] : [])));
      found.push({ name: alarm.AlarmName ?? '', dimensions: Object.keys(dimensions).length ? dimensions : undefined, alarmType: 'metric', actions: alarm.AlarmActions ?? [] });
    }
    for (const alarm of page.CompositeAlarms ?? []) found.push({ name: alarm.AlarmName ?? '', alarmType: 'composite', actions: alarm.AlarmActions ?? [] });
  }
  return found;
}

export async function checkAlarms(rules: PolicyRule[], cloudWatch: CloudWatchClient): Promise<AlarmsFound> {
  const patterns = new Map<string, { pattern: AlarmNamePattern; usedBy: string[] }>();
  for (const { rule, pattern } of alarmNamePatterns({ rules })) {
    const entry = patterns.get(alarmGlob(pattern)) ?? { pattern, usedBy: [] };
    if (!entry.usedBy.includes(rule.name)) entry.usedBy.push(rule.name);
    patterns.set(alarmGlob(pattern), entry);
  }
  const entries = [...patterns.values()];
  const exact = entries.flatMap(({ pattern }) => (pattern.kind === 'exact' ? [pattern.name] : []));
  const alarms = new Map<string, AlarmFacts>();
  for (let i = 0; i < exact.length; i += BATCH) {
    for (const alarm of await describe(cloudWatch, { AlarmNames: exact.slice(i, i + BATCH) })) alarms.set(alarm.name, alarm);
  }
  for (const { pattern } of entries) {
    if (pattern.kind === 'glob') for (const alarm of await describe(cloudWatch, { AlarmNamePrefix: pattern.prefix })) alarms.set(alarm.name, alarm);
  }
  const matching = (pattern: AlarmNamePattern) => [...alarms.values()].filter((a) => alarmNameMatches(pattern, a.name));
  const checks = entries.map(({ pattern, usedBy }): AlarmCheck => {
    const matches = matching(pattern).map((a) => a.name).sort();
    return { type: 'alarm', id: alarmGlob(pattern), usedBy, exists: matches.length > 0, matches };
  });
  const byRule = new Map<string, AlarmFacts[]>();
  for (const { rule, pattern } of alarmNamePatterns({ rules })) byRule.set(rule.name, matching(pattern));
  return { checks, byRule };
}
