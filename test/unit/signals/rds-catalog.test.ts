import { catalogEntry, classifyRdsEvent, RDS_CATALOG } from '../../../functions/signals/rds-catalog';
import { parseRdsInput } from '../../../functions/signals/rds-event';
import type { RdsEventSignal } from '../../../functions/signals/types';
import { loadEvent } from '../../support/events';

function rdsSignal(eventId: string, overrides: Partial<RdsEventSignal> = {}): RdsEventSignal {
  return {
    kind: 'rds-event',
    id: `rds:app-db:${eventId}:2026-11-24T08:10:00.456Z`,
    time: '2026-11-24T08:10:00.456Z',
    via: 'eventbridge',
    eventId,
    categories: [],
    sourceId: 'app-db',
    sourceType: 'db-instance',
    message: '',
    ...overrides,
  };
}

const LISTED: [string, string, string, string | undefined][] = [
  // eventId, category, severity, "kind phase" or no incident
  ['RDS-EVENT-0013', 'failover', 'critical', 'failover start'],
  ['RDS-EVENT-0015', 'failover', 'warning', 'failover progress'],
  ['RDS-EVENT-0049', 'failover', 'info', 'failover end'],
  ['RDS-EVENT-0034', 'failover', 'warning', 'failover single'],
  ['RDS-EVENT-0050', 'failover', 'warning', 'failover start'],
  ['RDS-EVENT-0051', 'failover', 'info', 'failover end'],
  ['RDS-EVENT-0065', 'failover', 'info', 'failover end'],
  ['RDS-EVENT-0069', 'failover', 'critical', 'failover end'],
  ['RDS-EVENT-0070', 'failover', 'warning', 'failover progress'],
  ['RDS-EVENT-0071', 'failover', 'info', 'failover end'],
  ['RDS-EVENT-0072', 'failover', 'critical', 'failover start'],
  ['RDS-EVENT-0073', 'failover', 'critical', 'failover start'],
  ['RDS-EVENT-0045', 'read replica', 'critical', 'replication start'],
  ['RDS-EVENT-0046', 'read replica', 'info', 'replication end'],
  ['RDS-EVENT-0057', 'read replica', 'critical', 'replication single'],
  ['RDS-EVENT-0062', 'read replica', 'warning', 'replication start'],
  ['RDS-EVENT-0063', 'read replica', 'warning', 'replication single'],
  ['RDS-EVENT-0202', 'read replica', 'critical', 'replication single'],
  ['RDS-EVENT-0007', 'low storage', 'critical', 'storage single'],
  ['RDS-EVENT-0089', 'low storage', 'warning', 'storage single'],
  ['RDS-EVENT-0227', 'low storage', 'critical', 'storage single'],
  ['RDS-EVENT-0222', 'availability', 'critical', 'storage single'],
  ['RDS-EVENT-0224', 'failure', 'warning', 'storage single'],
  ['RDS-EVENT-0004', 'availability', 'warning', 'availability start'],
  ['RDS-EVENT-0006', 'availability', 'info', 'availability end'],
  ['RDS-EVENT-0221', 'availability', 'critical', 'availability start'],
  ['RDS-EVENT-0022', 'availability', 'critical', 'availability single'],
  ['RDS-EVENT-0031', 'failure', 'critical', 'availability single'],
  ['RDS-EVENT-0035', 'failure', 'critical', 'availability single'],
  ['RDS-EVENT-0036', 'failure', 'critical', 'availability single'],
  ['RDS-EVENT-0020', 'recovery', 'warning', 'availability start'],
  ['RDS-EVENT-0021', 'recovery', 'info', 'availability end'],
  ['RDS-EVENT-0087', 'notification', 'info', undefined],
  ['RDS-EVENT-0088', 'notification', 'info', undefined],
  ['RDS-EVENT-0005', 'creation', 'info', undefined],
  ['RDS-EVENT-0003', 'deletion', 'info', undefined],
];

describe('classifyRdsEvent', () => {
  it.each(LISTED)('classifies %s as %s, %s, %s', (eventId, category, severity, incident) => {
    // Prepare
    const signal = rdsSignal(eventId);

    // Act
    const classification = classifyRdsEvent(signal);

    // Assess
    expect(classification).toMatchObject({ eventId, category, severity, known: true });
    expect(classification.incident && `${classification.incident.kind} ${classification.incident.phase}`).toBe(incident);
    expect(classification.title.length).toBeGreaterThan(5);
    expect(classification.explain).toMatch(/^[A-Z].*\.$/);
  });

  it('lists exactly the ids checked above, so a new entry gets a test', () => {
    // Act
    const ids = RDS_CATALOG.map((entry) => entry.eventId);

    // Assess
    expect([...ids].sort()).toEqual(LISTED.map(([eventId]) => eventId).sort());
  });

  it.each([
    ['rds/eventbridge-instance-failover-started.json', 'rds/eventbridge-instance-failover-completed.json', 'rds:app-db:failover'],
    ['rds/eventbridge-cluster-failover-started.json', 'rds/eventbridge-cluster-failover-completed.json', 'rds:orders-aurora:failover'],
  ])('gives the start (%s) and the end (%s) of a failover one incident key', (startFile, endFile, incidentKey) => {
    // Prepare
    const [start] = parseRdsInput(loadEvent(startFile)).signals;
    const [end] = parseRdsInput(loadEvent(endFile)).signals;
    if (!start || !end) throw new Error('sample events must parse');

    // Act
    const started = classifyRdsEvent(start);
    const ended = classifyRdsEvent(end);

    // Assess
    expect(started).toMatchObject({ incidentKey, incident: { kind: 'failover', phase: 'start' } });
    expect(ended).toMatchObject({ incidentKey, incident: { kind: 'failover', phase: 'end' } });
  });

  it('keeps incidents of different sources and kinds apart', () => {
    // Act
    const keys = [
      classifyRdsEvent(rdsSignal('RDS-EVENT-0013', { sourceId: 'app-db' })).incidentKey,
      classifyRdsEvent(rdsSignal('RDS-EVENT-0013', { sourceId: 'billing-db' })).incidentKey,
      classifyRdsEvent(rdsSignal('RDS-EVENT-0045', { sourceId: 'app-db' })).incidentKey,
      classifyRdsEvent(rdsSignal('RDS-EVENT-0087', { sourceId: 'app-db' })).incidentKey,
    ];

    // Assess
    expect(keys).toEqual(['rds:app-db:failover', 'rds:billing-db:failover', 'rds:app-db:replication', 'rds:app-db:RDS-EVENT-0087']);
  });

  it('describes an unknown event from its message, as information with no incident', () => {
    // Prepare
    const signal = rdsSignal('RDS-EVENT-0002', { categories: ['backup'], message: 'Finished DB instance backup. It took 4 minutes.' });

    // Act
    const classification = classifyRdsEvent(signal);

    // Assess
    expect(classification).toEqual({
      eventId: 'RDS-EVENT-0002',
      known: false,
      category: 'backup',
      severity: 'info',
      title: 'Finished DB instance backup',
      explain: expect.stringContaining('RDS-EVENT-0002'),
      incidentKey: 'rds:app-db:RDS-EVENT-0002',
    });
  });

  it('reports the Lambda developer guide\'s event without an EventID as information titled from its message', () => {
    // Prepare
    const [signal] = parseRdsInput(loadEvent('rds/eventbridge-no-event-id.json')).signals;
    if (!signal) throw new Error('the sample must parse');

    // Act
    const classification = classifyRdsEvent(signal);

    // Assess
    expect(classification).toMatchObject({
      known: false,
      severity: 'info',
      category: 'failover',
      title: 'A Multi-AZ failover has completed',
      explain: 'RDS reported an event without an event id for app-db, so it is reported as information only.',
      incidentKey: `rds:app-db:${signal.eventId}`,
    });
    expect(classification.incident).toBeUndefined();
  });

  it.each([
    ['', 'RDS event RDS-EVENT-0999'],
    [`Export task ${'x'.repeat(100)}`, `Export task ${'x'.repeat(67)}…`],
  ])('titles an unknown event with message %j readably', (message, title) => {
    // Act
    const classification = classifyRdsEvent(rdsSignal('RDS-EVENT-0999', { message }));

    // Assess
    expect(classification).toMatchObject({ title, category: 'uncategorised' });
  });

  it('returns no entry for an unlisted id', () => {
    // Act & Assess
    expect(catalogEntry('RDS-EVENT-0999')).toBeUndefined();
    expect(catalogEntry('RDS-EVENT-0013')?.title).toBe('Multi-AZ failover started');
  });
});
