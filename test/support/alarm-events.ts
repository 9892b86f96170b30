/** Builds EventBridge "CloudWatch Alarm State Change" events for any alarm, state and time (true to the AWS shape). */
import { randomUUID } from 'node:crypto';

export function alarmStateChange(alarmName: string, state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', at: Date, previous?: string) {
  const timestamp = at.toISOString().replace('Z', '+0000');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: {
        value: state,
        reason: `Threshold Crossed: 1 out of the last 1 datapoints was ${state === 'ALARM' ? 'greater' : 'not greater'} than the threshold (70.0).`,
        reasonData: JSON.stringify({ version: '1.0', queryDate: timestamp, statistic: 'Average', period: 60, threshold: 70 }),
        timestamp,
      },
      previousState: {
        value: previous ?? (state === 'ALARM' ? 'OK' : 'ALARM'),
        reason: 'previous state',
        timestamp: new Date(at.getTime() - 60_000).toISOString().replace('Z', '+0000'),
      },
      configuration: {
        description: `${alarmName} (test)`,
        metrics: [
          {
            id: 'm1',
            metricStat: { metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: {} }, period: 60, stat: 'Average' },
            returnData: true,
          },
        ],
      },
    },
  };
}
