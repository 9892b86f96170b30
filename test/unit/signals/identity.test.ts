/** One occurrence has one id whatever the delivery path: the ledger's exactly-once rests on it. */
import { parseAlarmInput } from '../../../functions/signals/alarm';
import { describedRdsEvent } from '../../../functions/signals/rds-described-event';
import { parseRdsInput } from '../../../functions/signals/rds-event';
import { parseScheduleInput } from '../../../functions/signals/schedule';
import { loadEvent } from '../../support/events';

describe('signal identity across delivery paths', () => {
  it('gives one alarm transition the same id through EventBridge, SNS and the Lambda action', () => {
    // Prepare
    const paths = ['alarm/eventbridge-single-metric.json', 'alarm/sns-notification.json', 'alarm/lambda-action.json'];

    // Act
    const signals = paths.flatMap((path) => parseAlarmInput(loadEvent(path)).signals);

    // Assess
    expect(signals.map((s) => s.via)).toEqual(['eventbridge', 'sns', 'lambda-action']);
    expect(new Set(signals.map((s) => s.id))).toEqual(new Set(['alarm:web-cpu-high:ALARM:2026-11-24T08:00:00.123Z']));
    expect(new Set(signals.map((s) => s.time)).size).toBe(1);
  });

  it('gives one RDS event the same id through EventBridge and SNS', () => {
    // Act
    const [viaEventBridge] = parseRdsInput(loadEvent('rds/eventbridge-instance-failover-started.json')).signals;
    const [viaSns] = parseRdsInput(loadEvent('rds/sns-subscription.json')).signals;

    // Assess
    expect(viaEventBridge?.id).toEqual(expect.stringMatching(/^rds:app-db:2026-11-24T08:10:00\.456Z:[0-9a-f]{10}$/));
    expect(viaSns?.id).toBe(viaEventBridge?.id);
    expect(viaSns?.categories).toEqual(viaEventBridge?.categories);
  });

  it('gives an event DescribeEvents lists (no event id, a Date, the message as RDS wrote it) the id EventBridge gave it', () => {
    // Act
    const [viaEventBridge] = parseRdsInput(loadEvent('rds/eventbridge-instance-failover-started.json')).signals;
    const listed = describedRdsEvent({
      SourceIdentifier: 'app-db',
      SourceType: 'db-instance',
      Message: 'Multi-AZ instance failover started',
      EventCategories: ['failover'],
      Date: new Date('2026-11-24T08:10:00.456Z'),
      SourceArn: 'arn:aws:rds:us-east-1:123456789012:db:app-db',
    });

    // Assess
    expect(listed).toMatchObject({ id: viaEventBridge?.id, eventId: 'RDS-EVENT-0013', via: 'reconcile', region: 'us-east-1' });
  });

  it('tells apart two events of one source at one instant by their messages', () => {
    const at = new Date('2026-11-24T08:10:00.456Z');
    const [a, b] = ['DB instance created', 'Backing up DB instance'].map((Message) => describedRdsEvent({ SourceIdentifier: 'app-db', SourceType: 'db-instance', Message, Date: at })?.id);
    expect(a).not.toBe(b);
  });

  it('gives the failover completion in the SNS batch the id of its EventBridge twin', () => {
    // Act
    const [viaEventBridge] = parseRdsInput(loadEvent('rds/eventbridge-instance-failover-completed.json')).signals;
    const [viaSns] = parseRdsInput(loadEvent('rds/sns-batch.json')).signals;

    // Assess
    expect(viaSns?.id).toBe(viaEventBridge?.id);
  });

  it('gives one schedule firing the same id directly, through Scheduler and through a rule', () => {
    // Prepare
    const paths = ['schedule/direct.json', 'schedule/scheduler-default.json', 'schedule/schedule-rule.json'];

    // Act
    const ids = paths.flatMap((path) => parseScheduleInput(loadEvent(path)).signals.map((s) => s.id));

    // Assess
    expect(ids).toEqual(Array(3).fill('schedule:weekday-peak@2026-11-23T23:00:00.000Z'));
  });

  it('tells apart two transitions of one alarm', () => {
    // Act
    const [alarm] = parseAlarmInput(loadEvent('alarm/eventbridge-app-db-read-pressure-alarm.json')).signals;
    const [ok] = parseAlarmInput(loadEvent('alarm/eventbridge-app-db-read-pressure-ok.json')).signals;

    // Assess
    expect(alarm?.id).not.toBe(ok?.id);
  });
});
