/**
 * The alarm states reconcile needs, read in as few calls as the policy allows: exact names in
 * batches of 100 (DescribeAlarms' limit), one prefix query per glob. Nothing else is read.
 */
import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { AlarmNamePattern } from '../../policy/match';
import { ALARM_STATES, type AlarmSignal, type AlarmState } from '../../signals/types';

const NAMES_PER_CALL = 100;

export interface AlarmStateNow {
  name: string;
  arn?: string;
  state: AlarmState;
  /** When the alarm last changed state (ISO-8601): the transition's identity. */
  since: string;
  reason: string;
  dimensions: Record<string, string>;
}

function stateOf(alarm: MetricAlarm): AlarmStateNow | undefined {
  const state = ALARM_STATES.find((s) => s === alarm.StateValue);
  const since = alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
  if (!alarm.AlarmName || !state || !since) return undefined;
  const dimensions = Object.fromEntries((alarm.Dimensions ?? []).flatMap((d) => (d.Name && d.Value ? [[d.Name, d.Value]] : [])));
  return { name: alarm.AlarmName, arn: alarm.AlarmArn, state, since: since.toISOString(), reason: alarm.StateReason ?? '', dimensions };
}

async function describe(cloudWatch: CloudWatchClient, query: { AlarmNames?: string[]; AlarmNamePrefix?: string }): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudWatch.send(new DescribeAlarmsCommand({ ...query, AlarmTypes: ['MetricAlarm'], NextToken }));
    alarms.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return alarms;
}

export async function readAlarmStates(cloudWatch: CloudWatchClient, patterns: AlarmNamePattern[]): Promise<AlarmStateNow[]> {
  const names = [...new Set(patterns.flatMap((p) => (p.kind === 'exact' ? [p.name] : [])))];
  const prefixes = [...new Set(patterns.flatMap((p) => (p.kind === 'glob' ? [p.prefix] : [])))];
  const found: MetricAlarm[] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_CALL) found.push(...(await describe(cloudWatch, { AlarmNames: names.slice(i, i + NAMES_PER_CALL) })));
  for (const prefix of prefixes) found.push(...(await describe(cloudWatch, prefix ? { AlarmNamePrefix: prefix } : {})));
  const states = new Map<string, AlarmStateNow>();
  for (const alarm of found) {
    const state = stateOf(alarm);
    if (state) states.set(state.name, state);
  }
  return [...states.values()];
}

/** The transition an alarm's state stands for, with the identity every delivery path gives it. */
export function transitionSignal(alarm: AlarmStateNow, region: string): AlarmSignal {
  return {
    kind: 'alarm',
    id: `alarm:${alarm.name}:${alarm.state}:${alarm.since}`,
    time: alarm.since,
    via: 'reconcile',
    region,
    alarmName: alarm.name,
    ...(alarm.arn ? { alarmArn: alarm.arn } : {}),
    state: alarm.state,
    reason: alarm.reason,
    dimensions: alarm.dimensions,
  };
}
