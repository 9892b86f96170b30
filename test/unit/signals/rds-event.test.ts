import { parseRdsInput } from '../../../functions/signals/rds-event';
import { loadEvent, withOverrides } from '../../support/events';

describe('parseRdsInput: EventBridge RDS DB instance and cluster events', () => {
  it('reads a DB instance event', () => {
    // Prepare
    const event = loadEvent('rds/eventbridge-instance-failover-started.json');

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'rds-event',
        id: expect.stringMatching(/^rds:app-db:2026-11-24T08:10:00\.456Z:[0-9a-f]{10}$/),
        time: '2026-11-24T08:10:00.456Z',
        via: 'eventbridge',
        region: 'us-east-1',
        account: '123456789012',
        eventId: 'RDS-EVENT-0013',
        categories: ['failover'],
        sourceId: 'app-db',
        sourceType: 'db-instance',
        sourceArn: 'arn:aws:rds:us-east-1:123456789012:db:app-db',
        message: 'Multi-AZ instance failover started.',
      },
    ]);
  });

  it('reads a DB cluster event', () => {
    // Prepare
    const event = loadEvent('rds/eventbridge-cluster-failover-completed.json');

    // Act
    const { signals } = parseRdsInput(event);

    // Assess
    expect(signals[0]).toMatchObject({
      eventId: 'RDS-EVENT-0071',
      sourceId: 'orders-aurora',
      sourceType: 'db-cluster',
      sourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora',
      id: expect.stringMatching(/^rds:orders-aurora:2026-11-24T09:30:31\.640Z:[0-9a-f]{10}$/),
    });
  });

  it('drops the "rds:" prefix that documentation examples put on SourceIdentifier', () => {
    // Prepare
    const event = withOverrides(loadEvent('rds/eventbridge-low-storage.json'), { 'detail.SourceIdentifier': 'rds:app-db' });

    // Act
    const { signals } = parseRdsInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ sourceId: 'app-db', id: expect.stringMatching(/^rds:app-db:2026-11-24T11:45:10\.002Z:[0-9a-f]{10}$/) });
  });

  it('uses the envelope time when detail.Date is absent', () => {
    // Prepare
    const event = withOverrides(loadEvent('rds/eventbridge-replica-error.json'), { 'detail.Date': undefined });

    // Act
    const { signals } = parseRdsInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ time: '2026-11-24T12:02:44.000Z', id: expect.stringMatching(/^rds:app-db-replica-1:2026-11-24T12:02:44\.000Z:[0-9a-f]{10}$/) });
  });

  it('rejects an event with neither detail.Date nor a time', () => {
    // Prepare
    const event = withOverrides(loadEvent('rds/eventbridge-replica-error.json'), { 'detail.Date': undefined, time: undefined });

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape: 'EventBridge aws.rds RDS DB Instance Event', reason: 'detail.Date is missing and so is the event time' }]);
  });

  it.each([
    [{ 'detail.SourceIdentifier': undefined }, 'detail.SourceIdentifier is missing'],
    [{ 'detail.SourceType': 'SNAPSHOT' }, 'detail.SourceType must be "DB_INSTANCE" or "CLUSTER", got "SNAPSHOT"'],
    [{ 'detail.Date': '24/11/2026' }, 'detail.Date is not a timestamp: "24/11/2026"'],
    [{ 'detail.EventCategories': 'failover' }, 'detail.EventCategories must be an array, got "failover"'],
    // Envelope fields reach every ARN, link and ledger item of the reports: a fuzzed 100 KiB region once made the report too big to store.
    [{ region: 'y'.repeat(40) }, 'region is not an AWS region code, e.g. us-east-1'],
    [{ region: 'US East (N. Virginia)' }, 'region is not an AWS region code, e.g. us-east-1'],
    [{ account: '12345' }, 'account is not a 12-digit AWS account id'],
    [{ 'detail.SourceArn': `arn:aws:rds:us-east-1:123456789012:db:${'x'.repeat(3000)}` }, 'detail.SourceArn is longer than the 2048 characters of an ARN'],
    [{ 'detail.EventCategories': ['x'.repeat(65)] }, 'detail.EventCategories[0] is longer than any RDS event category'],
  ])('rejects %j with a reason naming the field', (overrides, reason) => {
    // Prepare
    const event = withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), overrides);

    // Act
    const { rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([{ shape: 'EventBridge aws.rds RDS DB Instance Event', reason }]);
  });

  it('reports an event without detail.EventID (as in the Lambda developer guide) under a stable id from its message', () => {
    // Prepare
    const event = loadEvent('rds/eventbridge-no-event-id.json');

    // Act
    const first = parseRdsInput(event);
    const redelivered = parseRdsInput(loadEvent('rds/eventbridge-no-event-id.json'));

    // Assess
    expect(first.rejected).toEqual([]);
    expect(first.signals).toEqual([
      expect.objectContaining({
        eventId: expect.stringMatching(/^unknown-[0-9a-f]{10}$/),
        sourceId: 'app-db',
        categories: ['failover'],
        message: 'A Multi-AZ failover has completed.',
      }),
    ]);
    expect(first.signals[0]?.id).toMatch(/^rds:app-db:2026-11-24T10:02:14\.517Z:[0-9a-f]{10}$/);
    expect(redelivered.signals[0]?.id).toBe(first.signals[0]?.id);
  });

  it('gives events without an id but with different messages different identities', () => {
    // Prepare
    const event = loadEvent('rds/eventbridge-no-event-id.json');
    const other = withOverrides(event, { 'detail.Message': 'DB instance restarted.' });

    // Act
    const [a, b] = [parseRdsInput(event), parseRdsInput(other)].map((r) => r.signals[0]?.id);

    // Assess
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('treats an EventID that does not look like RDS-EVENT-nnnn as an unknown event, not a rejection', () => {
    // Prepare
    const event = withOverrides(loadEvent('rds/eventbridge-instance-failover-started.json'), { 'detail.EventID': 'EVENT-13' });

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals[0]?.eventId).toMatch(/^unknown-[0-9a-f]{10}$/);
  });

  it('rejects a DB snapshot event, naming it', () => {
    // Act
    const { signals, rejected } = parseRdsInput(loadEvent('malformed/rds-snapshot-event.json'));

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([
      {
        shape: 'EventBridge aws.rds RDS DB Snapshot Event',
        reason: 'not an RDS DB instance or cluster event: expected source "aws.rds" and detail-type "RDS DB Instance Event" or "RDS DB Cluster Event"',
      },
    ]);
  });

  it.each([
    ['alarm/eventbridge-single-metric.json', 'EventBridge aws.cloudwatch CloudWatch Alarm State Change'],
    ['malformed/empty-object.json', 'empty object'],
    ['malformed/null.json', 'null'],
    ['malformed/string.json', 'string'],
    ['malformed/array.json', 'array of 1 items'],
  ])('rejects %s as %s', (file, shape) => {
    // Act
    const { signals, rejected } = parseRdsInput(loadEvent(file));

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([{ shape, reason: expect.stringMatching(/^not an RDS/) }]);
  });
});

describe('parseRdsInput: RDS event subscription through SNS', () => {
  it('reads a notification, with the id from the Event ID URL and categories from the catalog', () => {
    // Prepare
    const event = loadEvent('rds/sns-subscription.json');

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals).toEqual([
      {
        kind: 'rds-event',
        id: expect.stringMatching(/^rds:app-db:2026-11-24T08:10:00\.456Z:[0-9a-f]{10}$/),
        time: '2026-11-24T08:10:00.456Z',
        via: 'sns',
        region: 'us-east-1',
        account: '123456789012',
        eventId: 'RDS-EVENT-0013',
        categories: ['failover'],
        sourceId: 'app-db',
        sourceType: 'db-instance',
        sourceArn: 'arn:aws:rds:us-east-1:123456789012:db:app-db',
        message: 'Multi-AZ instance failover started.',
      },
    ]);
  });

  it('gives a signal for each good record and a rejection for each bad one in a batch', () => {
    // Prepare
    const event = loadEvent('rds/sns-batch.json');

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(signals.map((s) => [s.sourceId, s.sourceType, s.eventId])).toEqual([
      ['app-db', 'db-instance', 'RDS-EVENT-0049'],
      ['orders-aurora', 'db-cluster', 'RDS-EVENT-0073'],
    ]);
    expect(rejected).toEqual([
      { shape: 'SNS record 3', reason: 'Sns.Message["Event Source"] must be "db-instance" or "db-cluster", got "db-snapshot"' },
      { shape: 'SNS record 4', reason: expect.stringMatching(/^Sns\.Message is not JSON/) },
    ]);
  });

  it('leaves categories empty for an event id the catalog does not know', () => {
    // Prepare
    const event = snsRds({ ...NOTIFICATION, 'Event ID': 'http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0002' });

    // Act
    const { signals } = parseRdsInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ eventId: 'RDS-EVENT-0002', categories: [] });
  });

  it('takes region and account from the topic when the message has no Source ARN', () => {
    // Prepare
    const event = snsRds({ ...NOTIFICATION, 'Source ARN': undefined });

    // Act
    const { signals } = parseRdsInput(event);

    // Assess
    expect(signals[0]).toMatchObject({ region: 'eu-west-1', account: '111122223333', sourceArn: undefined });
  });

  it.each([
    [{ 'Event Time': 'soon' }, 'Sns.Message["Event Time"] is not a timestamp: "soon"'],
    [{ 'Source ID': undefined }, 'Sns.Message["Source ID"] is missing'],
  ])('rejects the message with %j', (fields, reason) => {
    // Prepare
    const event = snsRds({ ...NOTIFICATION, ...fields });

    // Act
    const { rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([{ shape: 'SNS record 1', reason }]);
  });

  it('accepts an Event ID with stray whitespace around the URL', () => {
    // Act
    const { signals, rejected } = parseRdsInput(loadEvent('rds/sns-event-id-whitespace.json'));

    // Assess
    expect(rejected).toEqual([]);
    expect(signals[0]).toMatchObject({ eventId: 'RDS-EVENT-0045', id: expect.stringMatching(/^rds:app-db:2026-11-24T10:20:05\.118Z:[0-9a-f]{10}$/), categories: ['read replica'] });
  });

  it.each([
    ['without an Event ID', { 'Event ID': undefined }],
    ['whose Event ID URL has no event id', { 'Event ID': 'http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html' }],
  ])('reports a notification %s as an unknown event', (_, fields) => {
    // Prepare
    const event = snsRds({ ...NOTIFICATION, ...fields });

    // Act
    const { signals, rejected } = parseRdsInput(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(signals[0]).toMatchObject({ eventId: expect.stringMatching(/^unknown-[0-9a-f]{10}$/), categories: [], message: 'Multi-AZ instance failover started.' });
  });

  it('rejects an alarm notification, naming it', () => {
    // Act
    const { signals, rejected } = parseRdsInput(loadEvent('alarm/sns-notification.json'));

    // Assess
    expect(signals).toEqual([]);
    expect(rejected).toEqual([
      { shape: 'SNS record 1', reason: 'Sns.Message is a CloudWatch alarm notification, not an RDS event notification (no "Event Source")' },
    ]);
  });
});

const NOTIFICATION: Record<string, unknown> = {
  'Event Source': 'db-instance',
  'Event Time': '2026-11-24 08:10:00.456',
  'Identifier Link': 'https://console.aws.amazon.com/rds/home?region=eu-west-1#dbinstance:id=app-db',
  'Source ID': 'app-db',
  'Source ARN': 'arn:aws:rds:eu-west-1:111122223333:db:app-db',
  'Event ID': 'http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0013',
  'Event Message': 'Multi-AZ instance failover started.',
};

function snsRds(message: Record<string, unknown>): unknown {
  return { Records: [{ EventSource: 'aws:sns', Sns: { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:rds-events', Message: JSON.stringify(message) } }] };
}
