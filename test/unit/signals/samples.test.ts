/** Every sample event parses to what its name says; a new sample without an entry here fails. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlarmInput } from '../../../functions/signals/alarm';
import { parseRdsInput } from '../../../functions/signals/rds-event';
import { parseScheduleInput } from '../../../functions/signals/schedule';
import type { ParseResult, Signal } from '../../../functions/signals/types';
import { loadEvent } from '../../support/events';

type Parser = (input: unknown) => ParseResult<Signal>;

const PARSERS = { alarm: parseAlarmInput, rds: parseRdsInput, schedule: (input) => parseScheduleInput(input) } satisfies Record<string, Parser>;

/** file → the parser that reads it, how many signals and rejections it gives. */
const SAMPLES: Record<string, [parser: keyof typeof PARSERS, signals: number, rejected: number]> = {
  'alarm/eventbridge-single-metric.json': ['alarm', 1, 0],
  'alarm/eventbridge-metric-math.json': ['alarm', 1, 0],
  'alarm/eventbridge-anomaly-detection.json': ['alarm', 1, 0],
  'alarm/eventbridge-composite.json': ['alarm', 1, 0],
  'alarm/eventbridge-app-db-read-pressure-alarm.json': ['alarm', 1, 0],
  'alarm/eventbridge-app-db-read-pressure-ok.json': ['alarm', 1, 0],
  'alarm/eventbridge-configuration-change.json': ['alarm', 0, 1],
  'alarm/sns-notification.json': ['alarm', 1, 0],
  'alarm/sns-batch.json': ['alarm', 2, 1],
  'alarm/lambda-action.json': ['alarm', 1, 0],
  'alarm/eventbridge-wordpress-cpu-high.json': ['alarm', 1, 0],
  'alarm/sns-wordpress-cpu-high.json': ['alarm', 1, 0],
  'alarm/lambda-action-wordpress-cpu-high.json': ['alarm', 1, 0],
  'alarm/sns-metric-math.json': ['alarm', 1, 0],
  'rds/eventbridge-instance-failover-started.json': ['rds', 1, 0],
  'rds/eventbridge-instance-failover-completed.json': ['rds', 1, 0],
  'rds/eventbridge-cluster-failover-started.json': ['rds', 1, 0],
  'rds/eventbridge-cluster-failover-completed.json': ['rds', 1, 0],
  'rds/eventbridge-low-storage.json': ['rds', 1, 0],
  'rds/eventbridge-replica-error.json': ['rds', 1, 0],
  'rds/eventbridge-no-event-id.json': ['rds', 1, 0],
  'rds/sns-event-id-whitespace.json': ['rds', 1, 0],
  'rds/sns-subscription.json': ['rds', 1, 0],
  'rds/sns-batch.json': ['rds', 2, 2],
  'schedule/direct.json': ['schedule', 1, 0],
  'schedule/scheduler-default.json': ['schedule', 1, 0],
  'schedule/schedule-rule.json': ['schedule', 1, 0],
};

const MALFORMED = readdirSync(join(__dirname, '..', '..', '..', 'events', 'malformed')).map((name) => `malformed/${name}`);

describe('sample events', () => {
  it('lists every sample in events/alarm, events/rds and events/schedule', () => {
    // Prepare
    const eventsDir = join(__dirname, '..', '..', '..', 'events');

    // Act
    const files = Object.keys(PARSERS).flatMap((folder) => readdirSync(join(eventsDir, folder)).map((name) => `${folder}/${name}`));

    // Assess
    expect(files.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(Object.entries(SAMPLES))('%s parses to %j (parser, signals, rejections)', (file, [parser, signalCount, rejectedCount]) => {
    // Act
    const { signals, rejected } = PARSERS[parser](loadEvent(file));

    // Assess
    expect([signals.length, rejected.length]).toEqual([signalCount, rejectedCount]);
  });

  it.each(MALFORMED)('%s is rejected by every parser, never thrown on', (file) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const results = Object.values(PARSERS).map((parse) => parse(event));

    // Assess
    for (const { signals, rejected } of results) {
      expect(signals).toEqual([]);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeTruthy();
    }
  });
});
