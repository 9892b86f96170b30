/**
 * Which kind of alarm changed state, told by its shape: EventBridge and alarm Lambda actions
 * carry `configuration` (`metrics` with `metricStat` or `expression`, or a composite's
 * `alarmRule`); SNS notifications carry `Trigger` (or a composite's `AlarmRule`).
 */
import { isRecord, parseJson, type JsonObject } from './json';
import type { AlarmSignal } from './types';

export type AlarmType = NonNullable<AlarmSignal['alarmType']>;

const ANOMALY_BAND = /ANOMALY_DETECTION_BAND\s*\(/i;

function stringsAt(items: unknown, key: string): string[] {
  if (!Array.isArray(items)) return [];
  return items.filter(isRecord).flatMap((item) => (typeof item[key] === 'string' ? [item[key]] : []));
}

/** An alarm ARN ends in `alarm:<name>`, and the name itself may hold colons. */
function alarmNameOf(arn: string): string {
  return arn.replace(/^arn:[^:]*:cloudwatch:[^:]*:[^:]*:alarm:/, '');
}

/** Child alarms that drove a composite's change: names from `reasonData.triggeringAlarms[].arn`. */
export function triggeringAlarmsOf(reasonData: string | undefined): string[] | undefined {
  if (reasonData === undefined) return undefined;
  const parsed = parseJson(reasonData);
  if (!parsed.ok || !isRecord(parsed.value) || !Array.isArray(parsed.value.triggeringAlarms)) return undefined;
  return stringsAt(parsed.value.triggeringAlarms, 'arn').map(alarmNameOf);
}

/** The same from an SNS notification's `TriggeringChildren`: ARNs as documented, `{ Arn }` objects as sent. */
export function triggeringChildrenOf(message: JsonObject): string[] | undefined {
  const children = message.TriggeringChildren;
  if (!Array.isArray(children)) return undefined;
  const arns = children.flatMap((child) => (typeof child === 'string' ? [child] : stringsAt([child], 'Arn')));
  return arns.map(alarmNameOf);
}

/** From EventBridge `detail` or Lambda action `alarmData`: configuration and state.reasonData. */
export function alarmTypeOfConfiguration(configuration: unknown, reasonData: string | undefined): AlarmType | undefined {
  if (triggeringAlarmsOf(reasonData) !== undefined) return 'composite';
  if (!isRecord(configuration)) return undefined;
  if (typeof configuration.alarmRule === 'string') return 'composite';
  const expressions = stringsAt(configuration.metrics, 'expression');
  if (typeof configuration.thresholdMetricId === 'string' || expressions.some((e) => ANOMALY_BAND.test(e))) return 'anomaly-detection';
  if (expressions.length > 0) return 'metric-math';
  if (Array.isArray(configuration.metrics) && configuration.metrics.some((m) => isRecord(m) && isRecord(m.metricStat))) return 'metric';
  return undefined;
}

/** From an SNS alarm notification: `AlarmRule`, or `Trigger` with MetricName, Metrics[].Expression, ThresholdMetricId. */
export function alarmTypeOfSnsMessage(message: JsonObject): AlarmType | undefined {
  if (typeof message.AlarmRule === 'string') return 'composite';
  const trigger = message.Trigger;
  if (!isRecord(trigger)) return undefined;
  const expressions = stringsAt(trigger.Metrics, 'Expression');
  if (typeof trigger.ThresholdMetricId === 'string' || expressions.some((e) => ANOMALY_BAND.test(e))) return 'anomaly-detection';
  if (expressions.length > 0) return 'metric-math';
  if (typeof trigger.MetricName === 'string' || Array.isArray(trigger.Metrics)) return 'metric';
  return undefined;
}
