import { parseAlarmInput } from '../../../functions/signals/alarm';
import { loadEvent, withOverrides } from '../../support/events';

describe('parseAlarmInput: EventBridge "CloudWatch Alarm State Change"', () => {
  it('reads a single-metric alarm with region, account, ARN and both states', () => {
    // Prepare
    const event = loadEvent('alarm/eventbridge-single-metric.json');

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'alarm',
        id: 'alarm:web-cpu-high:ALARM:2026-11-24T08:00:00.123Z',
        time: '2026-11-24T08:00:00.123Z',
        via: 'eventbridge',
        region: 'us-east-1',
        account: '123456789012',
        alarmName: 'web-cpu-high',
        alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high',
        state: 'ALARM',
        previousState: 'OK',
        reason: expect.stringMatching(/^Threshold Crossed: 3 out of the last 3 datapoints/),
        alarmType: 'metric',
        dimensions: { AutoScalingGroupName: 'web-asg' },
      },
    ]);
  });

  it.each([
    ['alarm/eventbridge-metric-math.json', 'orders-cpu-high', 'metric-math'],
    ['alarm/eventbridge-anomaly-detection.json', 'web-cpu-low', 'anomaly-detection'],
    ['alarm/eventbridge-composite.json', 'app-db-read-pressure', 'composite'],
  ])('tells the alarm type of %s', (file, alarmName, alarmType) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const { signals } = parseAlarmInput(event);

    // Assess
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ alarmName, alarmType, state: 'ALARM', previousState: 'OK' });
  });

  it('tells an anomaly-detection alarm by thresholdMetricId alone', () => {
    // Prepare
    const event = withOverrides(loadEvent('alarm/eventbridge-metric-math.json'), { 'detail.configuration.thresholdMetricId': 'e1' });

    // Act
    const { signals } = parseAlarmInput(event);

    // Assess
    expect(signals[0]?.alarmType).toBe('anomaly-detection');
  });

  it('names the child alarms that drove a composite alarm', () => {
    // Prepare
    const event = loadEvent('alarm/eventbridge-composite.json');

    // Act
    const { signals } = parseAlarmInput(event);

    // Assess
    expect(signals[0]?.triggeringAlarms).toEqual(['app-db-read-iops-high']);
    expect(signals[0]?.reason).toContain('transitioned to ALARM');
  });

  it('reads the OK transition of the same alarm as a different occurrence', () => {
    // Prepare
    const alarm = loadEvent('alarm/eventbridge-app-db-read-pressure-alarm.json');
    const ok = loadEvent('alarm/eventbridge-app-db-read-pressure-ok.json');

    // Act
    const [alarmSignal] = parseAlarmInput(alarm).signals;
    const [okSignal] = parseAlarmInput(ok).signals;

    // Assess
    expect(alarmSignal).toMatchObject({ state: 'ALARM', previousState: 'OK', id: 'alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z' });
    expect(okSignal).toMatchObject({ state: 'OK', previousState: 'ALARM', id: 'alarm:app-db-read-pressure:OK:2026-11-24T08:48:20.104Z' });
  });

  it('leaves out a previous state it does not know instead of rejecting the change', () => {
    // Prepare
    const event = withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), { 'detail.previousState.value': 'SOMETHING_NEW' });

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals[0]?.previousState).toBeUndefined();
  });

  it('rejects the configuration-change event, naming it', () => {
    // Prepare
    const event = loadEvent('alarm/eventbridge-configuration-change.json');

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([
      {
        shape: 'EventBridge aws.cloudwatch CloudWatch Alarm Configuration Change',
        reason: 'detail-type must be "CloudWatch Alarm State Change", got "CloudWatch Alarm Configuration Change"',
      },
    ]);
  });

  it.each([
    ['us-east-1', true],
    ['us-gov-west-1', true],
    ['ap-southeast-5', true],
    ['eu-isoe-west-1', true],
    ['us-east', false],
    ['x'.repeat(40), false],
  ])('takes %s as a region only if it is an AWS region code', (region, accepted) => {
    const { signals, rejected } = parseAlarmInput(withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), { region }));

    expect(signals.map((s) => s.region)).toEqual(accepted ? [region] : []);
    expect(rejected.map((r) => r.reason)).toEqual(accepted ? [] : ['region is not an AWS region code, e.g. us-east-1']);
  });

  it('rejects an account id that is not 12 digits, in each delivery', () => {
    const eventBridge = withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), { account: 'x'.repeat(50_000) });
    const lambdaAction = withOverrides(loadEvent('alarm/lambda-action.json'), { accountId: '1234' });

    expect(parseAlarmInput(eventBridge).rejected.map((r) => r.reason)).toEqual(['account is not a 12-digit AWS account id']);
    expect(parseAlarmInput(lambdaAction).rejected.map((r) => r.reason)).toEqual(['accountId is not a 12-digit AWS account id']);
  });

  it.each([
    ['an unknown state', 'malformed/alarm-unknown-state.json', 'detail.state.value must be "OK" or "ALARM" or "INSUFFICIENT_DATA", got "PENDING"'],
    ['no alarm name', 'malformed/alarm-missing-name.json', 'detail.alarmName is missing'],
  ])('rejects a state change with %s', (_case, file, reason) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape: 'EventBridge aws.cloudwatch CloudWatch Alarm State Change', reason }]);
  });

  it.each([
    [{ 'detail.state.timestamp': 'yesterday' }, 'detail.state.timestamp is not a timestamp: "yesterday"'],
    [{ 'detail.state': undefined }, 'detail.state is missing'],
    [{ 'detail.alarmName': '' }, 'detail.alarmName is empty'],
    [{ detail: 'web-cpu-high' }, 'detail must be an object, got "web-cpu-high"'],
    [{ source: 'custom.tests' }, 'source must be "aws.cloudwatch", got "custom.tests"'],
  ])('rejects %j with a reason naming the field', (overrides, reason) => {
    // Prepare
    const event = withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), overrides);

    // Act
    const { rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected.map((r) => r.reason)).toEqual([reason]);
  });
});

describe('parseAlarmInput: SNS alarm notification', () => {
  it('reads one record, taking region and account from the ARN rather than the display name', () => {
    // Prepare
    const event = loadEvent('alarm/sns-notification.json');

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'alarm',
        id: 'alarm:web-cpu-high:ALARM:2026-11-24T08:00:00.123Z',
        time: '2026-11-24T08:00:00.123Z',
        via: 'sns',
        region: 'us-east-1',
        account: '123456789012',
        alarmName: 'web-cpu-high',
        alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high',
        state: 'ALARM',
        previousState: 'OK',
        reason: expect.stringMatching(/^Threshold Crossed/),
        alarmType: 'metric',
        dimensions: { AutoScalingGroupName: 'web-asg' },
      },
    ]);
  });

  it('gives a signal for each good record and a rejection for the bad one in a batch', () => {
    // Prepare
    const event = loadEvent('alarm/sns-batch.json');

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(signals.map((s) => [s.alarmName, s.state, s.previousState])).toEqual([
      ['web-cpu-low', 'OK', 'ALARM'],
      ['app-db-read-pressure', 'ALARM', 'OK'],
    ]);
    expect(rejected).toEqual([{ shape: 'SNS record 3', reason: expect.stringMatching(/^Sns\.Message is not JSON \(/) }]);
  });

  it('falls back to the topic ARN for region and the message for account when there is no AlarmArn', () => {
    // Prepare
    const event = snsAlarm({ AlarmName: 'web-cpu-high', AWSAccountId: '210987654321', NewStateValue: 'OK', StateChangeTime: '2026-11-24T08:00:00.123+0000' });

    // Act
    const { signals } = parseAlarmInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ region: 'us-east-1', account: '210987654321', alarmArn: undefined, reason: '' });
  });

  it.each([
    [{ AlarmRule: 'ALARM(a) OR ALARM(b)', TriggeringChildren: [{ Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a', State: { Value: 'ALARM' } }] }, 'composite', ['a']],
    [{ AlarmRule: 'ALARM(a)', TriggeringChildren: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:a'] }, 'composite', ['a']],
    [{ Trigger: { Metrics: [{ Id: 'e1', Expression: 'm1 + m2', ReturnData: true }] } }, 'metric-math', undefined],
    [{ Trigger: { Metrics: [{ Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' }], ThresholdMetricId: 'ad1' } }, 'anomaly-detection', undefined],
    [{ Trigger: { MetricName: 'CPUUtilization' } }, 'metric', undefined],
  ])('tells the alarm type from %j', (fields, alarmType, triggeringAlarms) => {
    // Prepare
    const event = snsAlarm({ AlarmName: 'web-cpu-high', NewStateValue: 'ALARM', NewStateReason: 'r', StateChangeTime: '2026-11-24T08:00:00.123+0000', ...fields });

    // Act
    const { signals } = parseAlarmInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ alarmType, triggeringAlarms });
  });

  it.each([
    [{ 'Event Source': 'db-instance', 'Event ID': 'x' }, 'Sns.Message is an RDS event notification, not a CloudWatch alarm notification (no AlarmName)'],
    [{ hello: 'world' }, 'Sns.Message is a message with keys hello, not a CloudWatch alarm notification (no AlarmName)'],
    [{ AlarmName: 'web-cpu-high', NewStateValue: 'PENDING', StateChangeTime: '2026-11-24T08:00:00.123+0000' }, 'Sns.Message.NewStateValue must be "OK" or "ALARM" or "INSUFFICIENT_DATA", got "PENDING"'],
    [{ AlarmName: 'web-cpu-high', NewStateValue: 'OK' }, 'Sns.Message.StateChangeTime is missing'],
  ])('rejects the message %j', (message, reason) => {
    // Prepare
    const event = snsAlarm(message);

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape: 'SNS record 1', reason }]);
  });

  it.each([
    [{ EventSource: 'aws:sqs', body: '{}' }, 'EventSource must be "aws:sns", got "aws:sqs"'],
    [{ EventSource: 'aws:sns', Sns: {} }, 'Sns.Message is missing or not a string'],
    [{ EventSource: 'aws:sns', Sns: { Message: '[1,2]' } }, 'Sns.Message is JSON but not an object'],
    ['a string', 'the record is not an object'],
  ])('rejects the record %j', (record, reason) => {
    // Act
    const { rejected } = parseAlarmInput({ Records: [record] });

    // Assess
    expect(rejected).toEqual([{ shape: 'SNS record 1', reason }]);
  });

  it('rejects an empty batch', () => {
    // Act
    const { signals, rejected } = parseAlarmInput({ Records: [] });

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape: 'SNS batch', reason: 'Records is empty' }]);
  });
});

describe('parseAlarmInput: alarm Lambda action', () => {
  it('reads alarmData with the ARN, account and region of the envelope', () => {
    // Prepare
    const event = loadEvent('alarm/lambda-action.json');

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      expect.objectContaining({
        via: 'lambda-action',
        id: 'alarm:web-cpu-high:ALARM:2026-11-24T08:00:00.123Z',
        account: '123456789012',
        region: 'us-east-1',
        alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high',
        previousState: 'OK',
        alarmType: 'metric',
      }),
    ]);
  });

  it('rejects alarmData without a state, naming the field', () => {
    // Prepare
    const event = withOverrides(loadEvent('alarm/lambda-action.json'), { 'alarmData.state': undefined });

    // Act
    const { rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([{ shape: 'alarm Lambda action', reason: 'alarmData.state is missing' }]);
  });
});

describe('parseAlarmInput: inputs that are not alarm events', () => {
  it.each([
    ['malformed/empty-object.json', 'empty object'],
    ['malformed/null.json', 'null'],
    ['malformed/string.json', 'string'],
    ['malformed/array.json', 'array of 1 items'],
  ])('rejects %s as %s', (file, shape) => {
    // Act
    const { signals, rejected } = parseAlarmInput(loadEvent(file));

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape, reason: expect.stringContaining('alarm') }]);
  });

  it('names an RDS event for what it is', () => {
    // Act
    const { rejected } = parseAlarmInput(loadEvent('rds/eventbridge-instance-failover-started.json'));

    // Assess
    expect(rejected).toEqual([
      {
        shape: 'EventBridge aws.rds RDS DB Instance Event',
        reason: 'detail-type must be "CloudWatch Alarm State Change", got "RDS DB Instance Event"',
      },
    ]);
  });

  it('lists the keys of an unknown object', () => {
    // Act
    const { rejected } = parseAlarmInput({ a: 1, b: 2 });

    // Assess
    expect(rejected).toEqual([{ shape: 'unknown object with keys a, b', reason: expect.stringContaining('"detail-type"') }]);
  });
});

function snsAlarm(message: Record<string, unknown>): unknown {
  return { Records: [{ EventSource: 'aws:sns', Sns: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms', Message: JSON.stringify(message) } }] };
}

describe('parseAlarmInput: the metric dimensions, which say what resource the alarm is about', () => {
  it.each([
    ['EventBridge', 'alarm/eventbridge-wordpress-cpu-high.json'],
    ['SNS (Trigger.Dimensions)', 'alarm/sns-wordpress-cpu-high.json'],
    ['the alarm Lambda action', 'alarm/lambda-action-wordpress-cpu-high.json'],
  ])('reads them from %s', (_shape, file) => {
    // Act
    const { signals } = parseAlarmInput(loadEvent(file));

    // Assess
    expect(signals).toHaveLength(1);
    expect(signals[0]?.alarmName).toBe('wordpress-CPUHighAlarm-DUEENYONAHR8');
    expect(signals[0]?.dimensions).toEqual({ AutoScalingGroupName: 'wordpress-AutoScalingGroup-OJIV7QUY94H9' });
  });

  it.each([
    ['EventBridge configuration.metrics', 'alarm/eventbridge-metric-math.json'],
    ['SNS Trigger.Metrics', 'alarm/sns-metric-math.json'],
  ])('keeps what all metrics of a metric-math alarm share and drops what differs, from %s', (_shape, file) => {
    // Act
    const { signals } = parseAlarmInput(loadEvent(file));

    // Assess: both metrics watch orders-aurora, one as WRITER and one as READER
    expect(signals[0]?.dimensions).toEqual({ DBClusterIdentifier: 'orders-aurora' });
  });

  it('gives a composite alarm none: it watches alarms, not a metric', () => {
    // Act
    const { signals } = parseAlarmInput(loadEvent('alarm/eventbridge-composite.json'));

    // Assess
    expect(signals[0]?.alarmType).toBe('composite');
    expect(signals[0]?.dimensions).toBeUndefined();
  });

  it('ignores a dimension whose value is not a string instead of rejecting the change', () => {
    // Prepare
    const event = withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), {
      'detail.configuration.metrics.0.metricStat.metric.dimensions': { AutoScalingGroupName: 42, InstanceType: 't3.micro' },
    });

    // Act
    const { signals, rejected } = parseAlarmInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals[0]?.dimensions).toEqual({ InstanceType: 't3.micro' });
  });
});
