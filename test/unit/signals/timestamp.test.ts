import { toIsoTimestamp } from '../../../functions/signals/timestamp';

describe('toIsoTimestamp', () => {
  it.each([
    ['2026-11-24T08:00:00.123+0000', '2026-11-24T08:00:00.123Z'],
    ['2026-11-24T08:00:00.123+00:00', '2026-11-24T08:00:00.123Z'],
    ['2026-11-24T17:00:00.123+0900', '2026-11-24T08:00:00.123Z'],
    ['2026-11-24T03:30:00.000-0430', '2026-11-24T08:00:00.000Z'],
    ['2026-11-24T08:00:00Z', '2026-11-24T08:00:00.000Z'],
    ['2026-11-24 08:00:00.123', '2026-11-24T08:00:00.123Z'],
    ['2026-11-24T08:00:00.123456Z', '2026-11-24T08:00:00.123Z'],
    ['2026-11-24T08:00:00.5Z', '2026-11-24T08:00:00.500Z'],
  ])('normalises %s to %s', (text, iso) => {
    // Act & Assess
    expect(toIsoTimestamp(text)).toBe(iso);
  });

  it.each(['', 'yesterday', '2026-02-30T00:00:00Z', '2026-11-24T25:00:00Z', '24/11/2026 08:00', '2026-11-24T08:00:00+5'])(
    'refuses %j',
    (text) => {
      // Act & Assess
      expect(toIsoTimestamp(text)).toBeUndefined();
    },
  );

  it('reads a zone-less RDS time as UTC whatever the local zone', () => {
    // Prepare: the process zone must not leak in, as it would with new Date("2026-11-24 08:00:00")
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Seoul';

    // Act
    const iso = toIsoTimestamp('2026-11-24 08:00:00.000');
    process.env.TZ = zone;

    // Assess
    expect(iso).toBe('2026-11-24T08:00:00.000Z');
  });
});
