/**
 * Stands in for CloudWatch's "Alarm State Change" events, which the embedded AWS never emits:
 * polls DescribeAlarms and, for every state change it sees (SetAlarmState, say), puts the
 * event CloudWatch would have sent on the default bus — where the stack's rules (the demo's
 * wiring) deliver it to the functions. A new alarm seen outside INSUFFICIENT_DATA counts as a
 * change from it, the state every alarm starts in.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { alarmStateChangeFromAlarm, type AlarmStateChangeEvent } from './alarm-events';

const POLL_MS = 200;

export interface AlarmRelayOptions {
  /** Only alarms whose name starts with this (DescribeAlarms' AlarmNamePrefix). */
  prefix?: string;
}

export class AlarmRelay {
  private readonly seen = new Map<string, MetricAlarm>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** Every event put on the bus, in order. */
  readonly relayed: AlarmStateChangeEvent[] = [];
  /** Poll or PutEvents failures, kept for the test that wonders why nothing arrived. */
  readonly errors: string[] = [];

  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly events: EventBridgeClient,
    private readonly options: AlarmRelayOptions = {},
  ) {}

  start(): void {
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.relayChanges();
      } catch (err) {
        this.errors.push(err instanceof Error ? err.message : String(err));
      }
      await sleep(POLL_MS);
    }
  }

  private async relayChanges(): Promise<void> {
    const { MetricAlarms = [] } = await this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: this.options.prefix }));
    for (const alarm of MetricAlarms) {
      const name = alarm.AlarmName ?? '';
      const before = this.seen.get(name) ?? { ...alarm, StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation' };
      this.seen.set(name, alarm);
      if (before.StateValue !== alarm.StateValue) await this.put(alarmStateChangeFromAlarm(before, alarm));
    }
  }

  private async put(event: AlarmStateChangeEvent): Promise<void> {
    const { FailedEntryCount, Entries } = await this.events.send(
      new PutEventsCommand({
        Entries: [{ Source: event.source, DetailType: event['detail-type'], Time: new Date(event.time), Resources: event.resources, Detail: JSON.stringify(event.detail) }],
      }),
    );
    if (FailedEntryCount) throw new Error(`EventBridge refused the event: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
    this.relayed.push(event);
  }
}
