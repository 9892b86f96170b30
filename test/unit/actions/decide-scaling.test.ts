import fc from 'fast-check';
import { decideScaling } from '../../../functions/actions/scale-auto-scaling-group';
import { decideCapacity } from '../../../functions/actions/set-capacity';
import { scaleAutoScalingGroupStep, setCapacityStep } from '../../../functions/actions/steps';

const group = (min: number, desired: number, max: number) => ({ name: 'web-asg', min, desired, max });
const step = (options: object) => scaleAutoScalingGroupStep.parse({ group: 'web-asg', ...options });

describe('decideScaling', () => {
  it('adds `by` to the desired capacity', () => {
    const decision = decideScaling(group(2, 2, 10), step({ by: 2 }));
    expect(decision).toMatchObject({ change: true, plan: { desired: 4 }, before: { desired: 2 }, after: { desired: 4 } });
  });

  it('clamps to the tighter of the step max and the group MaxSize', () => {
    expect(decideScaling(group(2, 8, 10), step({ by: 5, max: 12 }))).toMatchObject({ plan: { desired: 10 }, summary: expect.stringContaining('asked for 13, clamped to 10') });
    expect(decideScaling(group(2, 8, 10), step({ by: 5, max: 9 }))).toMatchObject({ plan: { desired: 9 } });
  });

  it('clamps scale-in to the tighter of the step min and the group MinSize', () => {
    expect(decideScaling(group(2, 3, 10), step({ by: -5 }))).toMatchObject({ plan: { desired: 2 } });
    expect(decideScaling(group(1, 5, 10), step({ by: -5, min: 3 }))).toMatchObject({ plan: { desired: 3 } });
  });

  it('sets an absolute capacity with `to`', () => {
    expect(decideScaling(group(2, 2, 10), step({ to: 6 }))).toMatchObject({ plan: { desired: 6 } });
  });

  it('makes no call when nothing would change, and says why', () => {
    expect(decideScaling(group(2, 10, 10), step({ by: 1 }))).toEqual({ change: false, reason: 'web-asg is already at max 10; nothing to change', before: { min: 2, desired: 10, max: 10 } });
    expect(decideScaling(group(2, 2, 10), step({ by: -1 }))).toMatchObject({ change: false, reason: 'web-asg is already at min 2; nothing to change' });
  });

  it('refuses when the step and group bounds cannot both hold', () => {
    expect(decideScaling(group(2, 2, 4), step({ by: 1, min: 6 }))).toMatchObject({ change: false, reason: expect.stringContaining('bounds conflict') });
  });

  it('never plans outside the step and group bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -30, max: 30 }).filter((n) => n !== 0),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        (groupMin, span, desiredSeed, by, stepMin, stepMax) => {
          const g = group(groupMin, Math.min(groupMin + span, Math.max(groupMin, desiredSeed)), groupMin + span);
          if (stepMin !== undefined && stepMax !== undefined && stepMin > stepMax) return;
          const decision = decideScaling(g, step({ by, min: stepMin, max: stepMax }));
          if (!decision.change) return;
          expect(decision.plan.desired).toBeLessThanOrEqual(Math.min(g.max, stepMax ?? Infinity));
          expect(decision.plan.desired).toBeGreaterThanOrEqual(Math.max(g.min, stepMin ?? 0));
        },
      ),
    );
  });
});

describe('decideCapacity', () => {
  const capacity = (options: object) => setCapacityStep.parse({ group: 'web-asg', ...options });

  it('sets min, desired and max together', () => {
    expect(decideCapacity(group(2, 2, 10), capacity({ min: 4, desired: 6, max: 12 }))).toMatchObject({
      change: true,
      plan: { min: 4, desired: 6, max: 12 },
      before: { min: 2, desired: 2, max: 10 },
      after: { min: 4, desired: 6, max: 12 },
    });
  });

  it('keeps what the step does not give and pulls desired inside the new bounds', () => {
    expect(decideCapacity(group(2, 8, 10), capacity({ max: 5 }))).toMatchObject({ plan: { min: 2, desired: 5, max: 5 } });
    expect(decideCapacity(group(2, 2, 10), capacity({ min: 4 }))).toMatchObject({ plan: { min: 4, desired: 4, max: 10 } });
  });

  it('refuses a min above the group max instead of forcing it', () => {
    expect(decideCapacity(group(2, 2, 10), capacity({ min: 12 }))).toMatchObject({ change: false, reason: "refused: min 12 is above the group's max 10; set both in the step" });
  });

  it('does nothing when the group already has the capacity', () => {
    expect(decideCapacity(group(4, 6, 12), capacity({ min: 4, desired: 6, max: 12 }))).toMatchObject({ change: false });
  });
});
