/** Before → after in one line: changed fields show both values, unchanged ones their value once. */
import { formatChange } from '../../../functions/cli/snapshot';

describe('formatChange', () => {
  it('shows what changes and what stays', () => {
    expect(formatChange({ min: 2, desired: 2, max: 10 }, { min: 2, desired: 4, max: 10 })).toBe('min 2; desired 2 → 4; max 10');
  });

  it('shows lists, empty ones as none, and fields only one side has', () => {
    expect(formatChange({ replicas: 0, names: [] }, { replicas: 1, names: ['app-db-ap-1'], status: 'creating' })).toBe(
      'replicas 0 → 1; names none → app-db-ap-1; status - → creating',
    );
  });

  it('shows the state alone when nothing would change', () => {
    expect(formatChange({ desired: 12, max: 12 }, undefined)).toBe('desired 12; max 12');
  });
});
