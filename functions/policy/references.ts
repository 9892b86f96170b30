/**
 * How a policy step names the resource it acts on (`group`, `source`, `cluster`): a literal
 * identifier or a target name (a string), a resource of a CloudFormation stack, or a dimension
 * of the triggering alarm's metric. Resolution to an identifier is in targets.ts; the schemas
 * that parse them are in reference-schemas.ts (zod, not loaded at a function's cold start).
 */
/** The metric dimensions that name a resource a step can act on, and the step field each fills. */
export const ALARM_DIMENSIONS = {
  AutoScalingGroupName: 'group',
  DBInstanceIdentifier: 'source',
  DBClusterIdentifier: 'cluster',
} as const;

export type AlarmDimension = keyof typeof ALARM_DIMENSIONS;
export type TargetField = (typeof ALARM_DIMENSIONS)[AlarmDimension];
export const TARGET_FIELDS: readonly TargetField[] = ['group', 'source', 'cluster'];
export const DIMENSION_NAMES = Object.keys(ALARM_DIMENSIONS) as AlarmDimension[];

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
