/** Recognising catalogued events by their message, for DescribeEvents, which lists no event id. */
import { describedRdsEvent } from '../../../functions/signals/rds-described-event';
import { eventIdFromMessage } from '../../../functions/signals/rds-messages';

describe('eventIdFromMessage', () => {
  it.each([
    ['Multi-AZ instance failover started.', 'RDS-EVENT-0013'],
    ['A Multi-AZ failover that resulted in the promotion of a standby instance has started.', 'RDS-EVENT-0013'],
    ['Multi-AZ failover to standby complete - DNS propagation in progress.', 'RDS-EVENT-0015'],
    ['Multi-AZ instance failover completed.', 'RDS-EVENT-0049'],
    ['A Multi-AZ failover has completed.', 'RDS-EVENT-0049'],
    ['Started cross AZ failover to DB instance: orders-aurora-instance-2', 'RDS-EVENT-0073'],
    ['Started same AZ failover to DB instance: orders-aurora-instance-2', 'RDS-EVENT-0072'],
    ['Completed failover to DB instance: orders-aurora-instance-2', 'RDS-EVENT-0071'],
    ['DB instance created', 'RDS-EVENT-0005'],
    ['The DB instance has been stopped.', 'RDS-EVENT-0087'],
    ['The DB instance has consumed more than 90% of its allocated storage.', 'RDS-EVENT-0089'],
  ])('knows "%s" as %s', (message, id) => {
    expect(eventIdFromMessage(message)).toBe(id);
  });

  it('leaves a message it does not know without an id', () => {
    expect(eventIdFromMessage('Backing up DB instance')).toBeUndefined();
    expect(eventIdFromMessage('')).toBeUndefined();
  });
});

describe('describedRdsEvent', () => {
  const base = { SourceIdentifier: 'app-db', SourceType: 'db-instance', Message: 'Backing up DB instance', EventCategories: ['backup'], Date: new Date('2026-11-24T08:10:00.456Z') };

  it('keeps an event it cannot name under the stand-in id', () => {
    expect(describedRdsEvent(base)).toMatchObject({ eventId: expect.stringMatching(/^unknown-[0-9a-f]{10}$/), categories: ['backup'], sourceType: 'db-instance', time: '2026-11-24T08:10:00.456Z' });
  });

  it.each([
    ['a snapshot', { SourceType: 'db-snapshot' }],
    ['no source', { SourceIdentifier: undefined }],
    ['an identifier longer than RDS allows', { SourceIdentifier: 'd'.repeat(64) }],
    ['no date', { Date: undefined }],
    ['an invalid date', { Date: new Date(Number.NaN) }],
  ])('serves nothing for %s', (_what, change) => {
    expect(describedRdsEvent({ ...base, ...change })).toBeUndefined();
  });
});
