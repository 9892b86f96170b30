import { parse } from 'yaml';
import { ACTIONS, actionFor, isMutating } from '../../../functions/actions/registry';
import { STEP_SCHEMAS, STEP_TYPES } from '../../../functions/actions/steps';
import { runnablePolicy, validatePolicy } from '../../../functions/policy/load';

describe('the action registry keeps every action honest', () => {
  it.each(STEP_TYPES)('%s has a strict schema, a documented example that validates, and declared permissions', (type) => {
    const action = ACTIONS[type];
    expect(action.type).toBe(type);
    expect(STEP_SCHEMAS[type]).toBeDefined();
    const steps = parse(action.example) as unknown[];
    const result = validatePolicy({ version: 1, rules: [{ name: 'example', on: { alarm: 'any' }, do: steps }] });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const step = result.policy.rules[0]?.do[0];
    expect(step?.type).toBe(type);
    const permissions = (action.permissions as (o: unknown) => { actions: string[]; resources: string[] }[])(step?.options);
    if (action.mutates) {
      expect(permissions.length).toBeGreaterThan(0);
      for (const statement of permissions) {
        expect(statement.actions.every((a) => /^[a-z-]+:[A-Za-z]+$/.test(a))).toBe(true);
        const mutating = statement.actions.some((a) => !/:(Describe|List|Get)/.test(a));
        if (mutating) expect(statement.resources).not.toContain('*');
      }
    } else {
      expect(permissions).toEqual([]);
    }
  });

  it.each(STEP_TYPES.filter((type) => ACTIONS[type].mutates))('%s names its target and its cooldown through the typed accessor', (type) => {
    const result = validatePolicy({ version: 1, rules: [{ name: 'example', on: { alarm: 'any' }, do: parse(ACTIONS[type].example) as unknown[] }] });
    if (!result.ok) throw new Error(`the example of ${type} does not validate`);
    const step = runnablePolicy(result.policy, 'example').rules[0]?.do[0];
    if (!step || !isMutating(step)) throw new Error(`${type} is not a changing step`);

    const bound = actionFor(step, 'eu-west-1', '123456789012');

    expect(['auto-scaling-group', 'rds-instance', 'rds-cluster']).toContain(bound.resource.type);
    expect(bound.resource.id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(bound.resource.arn).toMatch(/^arn:aws:(autoscaling|rds):eu-west-1:123456789012:/);
    expect(Number.isInteger(bound.cooldownSeconds) && bound.cooldownSeconds >= 0).toBe(true);
  });
});
