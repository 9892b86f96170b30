/**
 * A Signal is what every supported input becomes after parsing: one alarm state change,
 * one RDS event or one schedule firing, whatever the delivery path (EventBridge, SNS,
 * direct Lambda action, Scheduler). Everything downstream sees only Signals.
 */

export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

/** How the event reached us; kept for logs and reports. */
export type DeliveryPath = 'eventbridge' | 'sns' | 'lambda-action' | 'scheduler' | 'schedule-rule' | 'direct' | 'reconcile';

interface SignalBase {
  /**
   * Identity of the underlying occurrence, stable across delivery paths and redeliveries:
   * the key of the exactly-once ledger entry.
   */
  id: string;
  /** When it happened (ISO-8601). */
  time: string;
  via: DeliveryPath;
  region?: string;
  account?: string;
}

export interface AlarmSignal extends SignalBase {
  kind: 'alarm';
  alarmName: string;
  alarmArn?: string;
  state: AlarmState;
  previousState?: AlarmState;
  reason: string;
  /** metric | metric-math | anomaly-detection | composite, when the shape tells. */
  alarmType?: 'metric' | 'metric-math' | 'anomaly-detection' | 'composite';
  /** Composite alarms: names of the child alarms that drove this change, when the event lists them. */
  triggeringAlarms?: string[];
  /**
   * The watched metric's dimensions, e.g. `{ AutoScalingGroupName: "web-asg" }`: which resource
   * the alarm is about. Over all its metrics; a name whose values differ between them is left
   * out. None for a composite alarm, which watches alarms, not a metric.
   */
  dimensions?: Record<string, string>;
}

export type RdsSourceType = 'db-instance' | 'db-cluster';

export interface RdsEventSignal extends SignalBase {
  kind: 'rds-event';
  /** RDS-EVENT-nnnn, or `unknown-<message hash>` when RDS sent none (signals/rds-event-id.ts) */
  eventId: string;
  categories: string[];
  sourceId: string;
  sourceType: RdsSourceType;
  sourceArn?: string;
  message: string;
}

export interface ScheduleSignal extends SignalBase {
  kind: 'schedule';
  schedule: string;
  /**
   * The firing time, when the invocation carried one. Without it `id` ends in `@unresolved` and
   * `time` is when the invocation arrived; the handler resolves both from the cron.
   */
  scheduledTime?: string;
}

export type Signal = AlarmSignal | RdsEventSignal | ScheduleSignal;

/** An input (or one record of a batch) that is not a supported event. */
export interface Rejection {
  /** What the input looked like: "CloudWatch Alarm Configuration Change", "SNS record 2", "unknown". */
  shape: string;
  reason: string;
}

/** Parsing never throws: a batch may hold good records and bad ones. */
export interface ParseResult<S extends Signal> {
  signals: S[];
  rejected: Rejection[];
}
