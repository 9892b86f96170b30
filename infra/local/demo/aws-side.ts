/**
 * The AWS side of the demo, in the embedded AWS: what AWS services would do by themselves
 * (CloudWatch changing an alarm's state and emitting its event, RDS emitting an event, an
 * operator flipping the kill switch) and the reads that check what the functions changed.
 * AWS refuses PutEvents with an `aws.*` source from an account; the emulator does not, and
 * that is how the demo plays CloudWatch and RDS on the default bus.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { isManaged } from '../../../functions/actions/tags';
import type { Alert } from '../../../functions/model/alert';
import { clientConfig } from '../../../functions/aws/clients';
import { alarmStateChangeFromAlarm, thresholdCrossing, type AlarmStateChangeEvent, type AlarmStateValue } from '../alarm-events';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../moto';

/** An event as EventBridge delivers it; PutEvents takes the parts and EventBridge adds id and account. */
export interface BusEvent {
  source: string;
  'detail-type': string;
  time: string;
  resources: string[];
  detail: object;
}

export interface RdsEventSpec {
  /** An Aurora cluster (an "RDS DB Cluster Event") or a DB instance (an "RDS DB Instance Event"). */
  source: { cluster: string } | { instance: string };
  /** RDS-EVENT-nnnn */
  eventId: string;
  category: string;
  message: string;
}

/** What RDS puts on the default bus for an event (see events/rds/ for recorded ones). */
export function rdsEvent(spec: RdsEventSpec, at: Date): BusEvent {
  const cluster = 'cluster' in spec.source;
  const id = 'cluster' in spec.source ? spec.source.cluster : spec.source.instance;
  const arn = `arn:aws:rds:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${cluster ? 'cluster' : 'db'}:${id}`;
  return {
    source: 'aws.rds',
    'detail-type': cluster ? 'RDS DB Cluster Event' : 'RDS DB Instance Event',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [arn],
    detail: {
      EventCategories: [spec.category],
      SourceType: cluster ? 'CLUSTER' : 'DB_INSTANCE',
      SourceArn: arn,
      Date: at.toISOString(),
      Message: spec.message,
      SourceIdentifier: id,
      EventID: spec.eventId,
    },
  };
}

export class DemoAws {
  private readonly cloudwatch = new CloudWatchClient(clientConfig());
  private readonly events = new EventBridgeClient(clientConfig());
  private readonly ssm = new SSMClient(clientConfig());
  private readonly autoScaling = new AutoScalingClient(clientConfig());
  private readonly rds = new RDSClient(clientConfig());
  private readonly sqs = new SQSClient(clientConfig());
  private readonly route53 = new Route53Client(clientConfig());

  /** `alertQueueUrl`: the alert topic's raw subscription, where every published alert can be read back. */
  constructor(private readonly alertQueueUrl: string) {}

  private async describeAlarm(name: string): Promise<MetricAlarm> {
    const { MetricAlarms } = await this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    const alarm = MetricAlarms?.[0];
    if (!alarm) throw new Error(`alarm ${name} does not exist in the embedded AWS`);
    return alarm;
  }

  /**
   * Moves the alarm to `state` as if its metric had shown `datapoints` (oldest first), and
   * returns the event CloudWatch emits for that change.
   */
  async changeAlarmState(name: string, state: AlarmStateValue, datapoints: number[]): Promise<AlarmStateChangeEvent> {
    const before = await this.describeAlarm(name);
    const { reason, reasonData } = thresholdCrossing(before, state, datapoints, new Date());
    await this.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason, StateReasonData: reasonData }));
    return alarmStateChangeFromAlarm(before, await this.describeAlarm(name));
  }

  async putOnDefaultBus(event: BusEvent): Promise<void> {
    const { FailedEntryCount, Entries } = await this.events.send(
      new PutEventsCommand({
        Entries: [{ Source: event.source, DetailType: event['detail-type'], Time: new Date(event.time), Resources: event.resources, Detail: JSON.stringify(event.detail) }],
      }),
    );
    if (FailedEntryCount) throw new Error(`EventBridge refused the event: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
  }

  async setParameter(name: string, value: string): Promise<void> {
    await this.ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
  }

  async desiredCapacity(group: string): Promise<number | undefined> {
    const { AutoScalingGroups } = await this.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
    return AutoScalingGroups?.[0]?.DesiredCapacity;
  }

  /** The source instance's read replicas, as DescribeDBInstances lists them on the source. */
  async readReplicas(source: string): Promise<string[]> {
    const { DBInstances } = await this.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: source }));
    return DBInstances?.[0]?.ReadReplicaDBInstanceIdentifiers ?? [];
  }

  /** The replicas of `source` that carry ops-autopilot's managed tag (contract), read from each instance's tags. */
  async managedReplicas(source: string): Promise<string[]> {
    const managed: string[] = [];
    for (const id of await this.readReplicas(source)) {
      const { DBInstances } = await this.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      if (isManaged(DBInstances?.[0]?.TagList)) managed.push(id);
    }
    return managed;
  }

  /** The cluster's reader instances (every member but the writer). */
  async clusterReaders(cluster: string): Promise<string[]> {
    const { DBClusters } = await this.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: cluster }));
    return (DBClusters?.[0]?.DBClusterMembers ?? []).filter((m) => !m.IsClusterWriter).map((m) => m.DBInstanceIdentifier ?? '');
  }

  /** A private hosted zone for the reader endpoint; Route 53 (and the emulator) choose its id. */
  async createHostedZone(name: string): Promise<string> {
    const { HostedZone } = await this.route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `demo-${Date.now()}` }));
    const id = HostedZone?.Id?.split('/').pop();
    if (!id) throw new Error(`the embedded AWS created no hosted zone ${name}`);
    return id;
  }

  /** The replicas the reader endpoint's weighted CNAME records name (their SetIdentifier), sorted. */
  async readerEndpoint(zoneId: string, name: string): Promise<string[]> {
    const { ResourceRecordSets = [] } = await this.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const fqdn = name.endsWith('.') ? name : `${name}.`;
    return ResourceRecordSets.filter((r) => r.Name === fqdn && r.Type === 'CNAME' && r.SetIdentifier).map((r) => r.SetIdentifier ?? '').sort();
  }

  /** Every alert published since the last call, oldest first. */
  async drainAlerts(): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (;;) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.alertQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!Messages.length) return alerts;
      for (const message of Messages) {
        alerts.push(JSON.parse(message.Body ?? '{}') as Alert);
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.alertQueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }
}
