/** The zod schemas of a step's resource references (references.ts): policy validation only. */
import * as z from 'zod';
import { DIMENSION_NAMES, type AlarmDimension, type StackResourceRef, type TargetReference } from './references';

export const stackResourceRef = z.strictObject({
  /** CloudFormation stack names: a letter, then letters, digits and dashes, at most 128. */
  stack: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name (a letter, then letters, digits, dashes)'),
  /** Logical ids are alphanumeric. */
  logicalId: z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'must be a logical id of the template (letters and digits)'),
});

/**
 * One resource, never a pattern: a glob here used to pass the schema and then fail as a
 * missing resource, so it is refused with what to write instead.
 */
export const resourceIdentifier = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((id) => !id.includes('*'), 'names one resource, not a pattern: for names CloudFormation generates use { stack, logicalId }, for the resource in the alarm { fromAlarm: <dimension> }');

const DIMENSIONS_TEXT = DIMENSION_NAMES.join(' | ');

function isAlarmDimension(value: unknown): value is AlarmDimension {
  return (DIMENSION_NAMES as unknown[]).includes(value);
}

/** Custom parsing, so each wrong shape gets a message that says what to write. */
function referenceSchema(allowFromAlarm: boolean) {
  const shapes = allowFromAlarm
    ? `an identifier, a target name, { stack, logicalId } or { fromAlarm: ${DIMENSIONS_TEXT} }`
    : 'an identifier or { stack, logicalId }';
  return z.unknown().transform((raw, ctx): TargetReference => {
    const fail = (message: string, path: PropertyKey[] = []) => {
      ctx.addIssue({ code: 'custom', message, path });
      return z.NEVER;
    };
    if (typeof raw === 'string') {
      const parsed = resourceIdentifier.safeParse(raw);
      return parsed.success ? parsed.data : fail(parsed.error.issues[0]?.message ?? `must be ${shapes}`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`must be ${shapes}`);
    if ('fromAlarm' in raw) {
      if (!allowFromAlarm) return fail(`names one resource; { fromAlarm } belongs in a rule's step, not here`);
      const extra = Object.keys(raw).filter((k) => k !== 'fromAlarm');
      if (extra.length) return fail(`unknown key ${extra.join(', ')} beside fromAlarm`);
      return isAlarmDimension(raw.fromAlarm) ? { fromAlarm: raw.fromAlarm } : fail(`must be one of ${DIMENSIONS_TEXT}`, ['fromAlarm']);
    }
    if ('stack' in raw || 'logicalId' in raw) {
      const parsed = stackResourceRef.safeParse(raw);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return fail(`must be ${shapes}`);
  });
}

/** `group`, `source`, `cluster` in a policy step. */
export const targetReference = referenceSchema(true);

/** The resource of a target: an identifier or a stack resource. */
export const resourceValue = referenceSchema(false).transform((ref) => ref as string | StackResourceRef);
