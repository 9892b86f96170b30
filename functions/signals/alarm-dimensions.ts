/**
 * The dimensions of the metric an alarm watches, from each shape: EventBridge and the alarm
 * Lambda action carry `configuration.metrics[].metricStat.metric.dimensions` (an object);
 * SNS carries `Trigger.Dimensions` (a list of `{ name, value }`), or per metric
 * `Trigger.Metrics[].MetricStat.Metric.Dimensions` for metric math. They tell a step which
 * resource the alarm is about (`{ fromAlarm: AutoScalingGroupName }`).
 */
import { isRecord, type JsonObject } from './json';

type Dimensions = Record<string, string>;

/**
 * One record over all the alarm's metrics. A name whose values differ between metrics
 * (metric math over two groups) names no single resource, so it is left out.
 */
function merge(perMetric: Dimensions[]): Dimensions | undefined {
  const merged: Dimensions = {};
  const conflicting = new Set<string>();
  for (const dimensions of perMetric) {
    for (const [name, value] of Object.entries(dimensions)) {
      if (merged[name] !== undefined && merged[name] !== value) conflicting.add(name);
      else merged[name] = value;
    }
  }
  for (const name of conflicting) Reflect.deleteProperty(merged, name);
  return Object.keys(merged).length ? merged : undefined;
}

function stringEntries(value: unknown): Dimensions {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** SNS lists dimensions as `[{ "value": "web-asg", "name": "AutoScalingGroupName" }]`. */
function fromNameValueList(value: unknown): Dimensions {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value.filter(isRecord).flatMap((d) => (typeof d.name === 'string' && typeof d.value === 'string' ? [[d.name, d.value]] : [])),
  );
}

/** From EventBridge `detail.configuration` or Lambda action `alarmData.configuration`. */
export function dimensionsOfConfiguration(configuration: unknown): Dimensions | undefined {
  if (!isRecord(configuration) || !Array.isArray(configuration.metrics)) return undefined;
  const perMetric = configuration.metrics
    .filter(isRecord)
    .flatMap((m) => (isRecord(m.metricStat) && isRecord(m.metricStat.metric) ? [stringEntries(m.metricStat.metric.dimensions)] : []));
  return merge(perMetric);
}

/** From an SNS alarm notification's `Trigger`. */
export function dimensionsOfSnsMessage(message: JsonObject): Dimensions | undefined {
  const trigger = message.Trigger;
  if (!isRecord(trigger)) return undefined;
  const metrics = Array.isArray(trigger.Metrics) ? trigger.Metrics.filter(isRecord) : [];
  const perMetric = [
    fromNameValueList(trigger.Dimensions),
    ...metrics.flatMap((m) => (isRecord(m.MetricStat) && isRecord(m.MetricStat.Metric) ? [fromNameValueList(m.MetricStat.Metric.Dimensions)] : [])),
  ];
  return merge(perMetric);
}
