import { parse } from 'yaml';
import { ACTIONS } from '../../../functions/actions/registry';
import { STEP_SCHEMAS, STEP_TYPES } from '../../../functions/actions/steps';
import { validatePolicy } from '../../../functions/policy/load';

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
});
