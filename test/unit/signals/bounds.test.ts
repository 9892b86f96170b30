/** Identifiers longer than AWS allows are rejected at parsing, so they never reach a ledger key. */
import { parseAlarmInput } from '../../../functions/signals/alarm';
import { parseRdsInput } from '../../../functions/signals/rds-event';
import { parseScheduleInput } from '../../../functions/signals/schedule';
import { boundText } from '../../../functions/signals/bounds';
import { loadEvent, withOverrides } from '../../support/events';

describe('identifiers are bounded by what AWS allows', () => {
  it('takes a 255-character alarm name and rejects a 256-character one, naming the field', () => {
    const event = (name: string) => withOverrides(loadEvent('alarm/eventbridge-single-metric.json'), { 'detail.alarmName': name });

    expect(parseAlarmInput(event('a'.repeat(255))).signals).toHaveLength(1);
    expect(parseAlarmInput(event('a'.repeat(256))).rejected[0]?.reason).toBe('detail.alarmName is longer than the 255 characters CloudWatch allows an alarm name');
  });

  it('rejects an RDS source identifier over 63 characters, with or without the rds: prefix', () => {
    const event = (id: string) => withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), { 'detail.SourceIdentifier': id });

    expect(parseRdsInput(event(`rds:${'d'.repeat(63)}`)).signals).toHaveLength(1);
    expect(parseRdsInput(event('d'.repeat(64))).rejected[0]?.reason).toMatch(/SourceIdentifier is longer than the 63 characters/);
    expect(parseRdsInput(event('d'.repeat(5000))).rejected[0]?.reason).toMatch(/SourceIdentifier is longer than the 63 characters/);
  });

  it('rejects a schedule name over 64 characters from the direct input and from an event ARN', () => {
    expect(parseScheduleInput({ schedule: 's'.repeat(65) }).rejected[0]?.reason).toMatch(/longer than the 64 characters/);
    const ruleEvent = withOverrides(loadEvent('schedule/schedule-rule.json'), { 'resources.0': `arn:aws:events:us-east-1:123456789012:rule/${'s'.repeat(65)}` });
    expect(parseScheduleInput(ruleEvent).rejected[0]?.reason).toMatch(/longer than the 64 characters/);
  });
});

describe('boundText', () => {
  it('keeps short text and cuts long text, saying how much was cut', () => {
    expect(boundText('short')).toBe('short');
    expect(boundText('x'.repeat(250), 200)).toBe(`${'x'.repeat(200)}… (50 more characters)`);
  });
});
