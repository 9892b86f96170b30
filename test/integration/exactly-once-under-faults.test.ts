/**
 * The soak in small (npm run soak runs the full one): distinct transitions, each delivered
 * several times through the three alarm shapes, warm containers, invocations in flight, and
 * 20% of the functions' AWS calls failing — some after the emulator applied them.
 */
import { soakExactlyOnce } from '../../infra/local/soak/exactly-once';
import { soakFuzz } from '../../infra/local/soak/fuzz';

describe('exactly once under faults', () => {
  it('changes every group exactly once and reports each change once, with 20% of AWS answers failed or lost', async () => {
    const figures = await soakExactlyOnce({ groups: 12, deliveriesPerTransition: 6, containers: 4, inFlight: 8, faultRate: 0.2, seed: 20261201 });

    expect(figures).toMatchObject({ groups: 12, changedOnce: 12, doubled: 0, lost: 0, doneAlerts: 12 });
    // The proxy did fail calls, including answers lost after the emulator had applied them.
    expect(Object.values(figures.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    expect(figures.faults['lost-answer']).toBeGreaterThan(0);
  }, 180_000);
});

describe('fuzzed input', () => {
  it('never throws, never changes AWS, and reports every rejected input with a published alert', async () => {
    const figures = await soakFuzz(120, 7);

    for (const f of figures) {
      expect(f).toMatchObject({ throws: 0, awsChanges: 0 });
      expect(f.rejected).toBeGreaterThan(50);
      expect(f.rejectionAlerts).toBe(f.rejected);
    }
  }, 180_000);
});
