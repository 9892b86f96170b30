/**
 * How a policy step names the resource it acts on (`group`, `source`, `cluster`): a literal
 * identifier or a target name (a string), a resource of a CloudFormation stack, or a dimension
 * of the triggering alarm's metric. Resolution to an identifier is in targets.ts.
 */
import * as z from 'zod';

/** The metric dimensions that name a resource a step can act on, and the step field each fills. */
export const ALARM_DIMENSIONS = {
  AutoScalingGroupName: 'group',
  DBInstanceIdentifier: 'source',
  DBClusterIdentifier: 'cluster',
} as const;

export type AlarmDimension = keyof typeof ALARM_DIMENSIONS;
export type TargetField = (typeof ALARM_DIMENSIONS)[AlarmDimension];
export const TARGET_FIELDS: readonly TargetField[] = ['group', 'source', 'cluster'];
const DIMENSION_NAMES = Object.keys(ALARM_DIMENSIONS) as AlarmDimension[];

/** A resource CloudFormation created: its stack and its logical id in the template. */
export interface StackResourceRef {
  stack: string;
  logicalId: string;
}

/** The value of a dimension of the triggering alarm's metric. */
export interface FromAlarmRef {
  fromAlarm: AlarmDimension;
}

/** A string is a target name when `targets` has it, otherwise a literal identifier. */
export type TargetReference = string | StackResourceRef | FromAlarmRef;

export function isStackResourceRef(value: unknown): value is StackResourceRef {
  return typeof value === 'object' && value !== null && 'stack' in value && 'logicalId' in value;
}

export function isFromAlarmRef(value: unknown): value is FromAlarmRef {
  return typeof value === 'object' && value !== null && 'fromAlarm' in value;
}

export function describeReference(ref: TargetReference): string {
  if (typeof ref === 'string') return ref;
  if (isStackResourceRef(ref)) return `{ stack: ${ref.stack}, logicalId: ${ref.logicalId} }`;
  return `{ fromAlarm: ${ref.fromAlarm} }`;
}

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
