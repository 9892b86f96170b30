import { parseScheduleInput } from '../../../functions/signals/schedule';
import { loadEvent, withOverrides } from '../../support/events';

const RECEIVED_AT = new Date('2026-11-23T23:00:02.345Z');

describe('parseScheduleInput', () => {
  it('reads the direct invocation with its scheduled time', () => {
    // Prepare
    const event = loadEvent('schedule/direct.json');

    // Act
    const { signals, rejected } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'schedule',
        id: 'schedule:weekday-peak@2026-11-23T23:00:00.000Z',
        time: '2026-11-23T23:00:00.000Z',
        via: 'direct',
        schedule: 'weekday-peak',
        scheduledTime: '2026-11-23T23:00:00.000Z',
      },
    ]);
  });

  it.each([
    [{ schedule: 'weekday-peak' }],
    [{ schedule: 'weekday-peak', scheduledTime: '<aws.scheduler.scheduled-time>' }],
  ])('leaves the firing time unresolved for %j', (event) => {
    // Act
    const { signals } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(signals).toEqual([
      expect.objectContaining({ id: 'schedule:weekday-peak@unresolved', time: '2026-11-23T23:00:02.345Z', scheduledTime: undefined }),
    ]);
  });

  it('reads the EventBridge Scheduler default payload, whose detail is the string "{}"', () => {
    // Prepare
    const event = loadEvent('schedule/scheduler-default.json');

    // Act
    const { signals, rejected } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'schedule',
        id: 'schedule:weekday-peak@2026-11-23T23:00:00.000Z',
        time: '2026-11-23T23:00:00.000Z',
        via: 'scheduler',
        region: 'us-east-1',
        account: '123456789012',
        schedule: 'weekday-peak',
        scheduledTime: '2026-11-23T23:00:00.000Z',
      },
    ]);
  });

  it('reads the Scheduled Event of an EventBridge schedule rule', () => {
    // Prepare
    const event = loadEvent('schedule/schedule-rule.json');

    // Act
    const { signals } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(signals).toEqual([expect.objectContaining({ via: 'schedule-rule', schedule: 'weekday-peak', id: 'schedule:weekday-peak@2026-11-23T23:00:00.000Z' })]);
  });

  it('names the schedule by the last segment of a rule on a custom bus', () => {
    // Prepare
    const event = withOverrides(loadEvent('schedule/schedule-rule.json'), {
      resources: ['arn:aws:events:us-east-1:123456789012:rule/ops-bus/night-quiet'],
      time: undefined,
    });

    // Act
    const { signals } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(signals[0]).toMatchObject({ schedule: 'night-quiet', id: 'schedule:night-quiet@unresolved' });
  });

  it.each([
    ['malformed/schedule-bad-name.json', 'direct schedule invocation', 'schedule name "Weekday_Peak" must be lowercase letters, digits and single dashes, e.g. weekday-peak'],
    ['malformed/empty-object.json', 'empty object', 'not a schedule invocation: expected {"schedule":"<name>"} or an EventBridge "Scheduled Event"'],
    ['malformed/null.json', 'null', 'not a schedule invocation: expected {"schedule":"<name>"} or an EventBridge "Scheduled Event"'],
    ['alarm/eventbridge-single-metric.json', 'EventBridge aws.cloudwatch CloudWatch Alarm State Change', 'detail-type must be "Scheduled Event", got "CloudWatch Alarm State Change"'],
  ])('rejects %s', (file, shape, reason) => {
    // Act
    const { signals, rejected } = parseScheduleInput(loadEvent(file), RECEIVED_AT);

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape, reason }]);
  });

  it.each([
    [{ schedule: 7 }, 'schedule must be a string, got number 7'],
    [{ schedule: 'weekday-peak', scheduledTime: 'tomorrow' }, 'scheduledTime is not a timestamp: "tomorrow"'],
  ])('rejects the direct invocation %j', (event, reason) => {
    // Act
    const { rejected } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(rejected).toEqual([{ shape: 'direct schedule invocation', reason }]);
  });

  it.each([
    [{ resources: [] }, 'resources is empty'],
    [{ resources: ['weekday-peak'] }, 'resources[0] is not a schedule or rule ARN: "weekday-peak"'],
    [{ source: 'aws.ec2' }, 'source must be "aws.scheduler" or "aws.events", got "aws.ec2"'],
    [{ resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/WeekdayPeak'] }, 'schedule name "WeekdayPeak" must be lowercase letters, digits and single dashes, e.g. weekday-peak'],
    [{ region: 'z'.repeat(40) }, 'region is not an AWS region code, e.g. us-east-1'],
    [{ account: 'not-an-account' }, 'account is not a 12-digit AWS account id'],
  ])('rejects a Scheduler event with %j', (overrides, reason) => {
    // Prepare
    const event = withOverrides(loadEvent('schedule/scheduler-default.json'), overrides);

    // Act
    const { rejected } = parseScheduleInput(event, RECEIVED_AT);

    // Assess
    expect(rejected.map((r) => r.reason)).toEqual([reason]);
  });
});
