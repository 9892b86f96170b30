/**
 * The few structural checks event parsing needs — objects, strings with length limits, enums,
 * arrays, optional fields and defaults — with zod's issue model (code, path, expected, input),
 * so rejection.ts words them as before. Not zod itself: a cold start pays some 30 ms to load
 * zod, and events are parsed on every function's hot path. Objects keep only the keys checked.
 */

export type ShapeIssue =
  | { code: 'invalid_type'; path: PropertyKey[]; expected: 'string' | 'object' | 'array'; input: unknown }
  | { code: 'invalid_value'; path: PropertyKey[]; values: readonly unknown[]; input: unknown }
  | { code: 'too_small'; path: PropertyKey[] }
  | { code: 'too_big' | 'custom'; path: PropertyKey[]; message: string };

/** Checks `input` at `path`, adding what is wrong to `issues`; the value is meaningful only when none were added. */
export type Check<T> = (input: unknown, path: PropertyKey[], issues: ShapeIssue[]) => T;

export type Checked<C> = C extends Check<infer T> ? T : never;

export type ShapeResult<T> = { success: true; data: T } | { success: false; issues: ShapeIssue[] };

export function check<T>(shape: Check<T>, input: unknown): ShapeResult<T> {
  const issues: ShapeIssue[] = [];
  const data = shape(input, [], issues);
  return issues.length ? { success: false, issues } : { success: true, data };
}

export interface StringLimits {
  /** At least this many characters; shorter is `too_small` ("is empty"). */
  min?: number;
  /** At most this many characters, and what to say when there are more. */
  max?: { length: number; message: string };
  /** The form the string must have, and what to say when it does not. */
  pattern?: { regex: RegExp; message: string };
}

export function string(limits: StringLimits = {}): Check<string> {
  return (input, path, issues) => {
    if (typeof input !== 'string') {
      issues.push({ code: 'invalid_type', path, expected: 'string', input });
      return '';
    }
    if (limits.min !== undefined && input.length < limits.min) issues.push({ code: 'too_small', path });
    if (limits.max && input.length > limits.max.length) issues.push({ code: 'too_big', path, message: limits.max.message });
    else if (limits.pattern && !limits.pattern.regex.test(input)) issues.push({ code: 'custom', path, message: limits.pattern.message });
    return input;
  };
}

export function oneOf<const V extends readonly (string | number)[]>(values: V): Check<V[number]> {
  return (input, path, issues) => {
    if (!(values as readonly unknown[]).includes(input)) issues.push({ code: 'invalid_value', path, values, input });
    return input as V[number];
  };
}

export const unknownValue: Check<unknown> = (input) => input;

export function optional<T>(shape: Check<T>): Check<T | undefined> {
  return (input, path, issues) => (input === undefined ? undefined : shape(input, path, issues));
}

export function withDefault<T>(shape: Check<T>, fallback: T): Check<T> {
  return (input, path, issues) => (input === undefined ? fallback : shape(input, path, issues));
}

export function array<T>(item: Check<T>, limits: { min?: number } = {}): Check<T[]> {
  return (input, path, issues) => {
    if (!Array.isArray(input)) {
      issues.push({ code: 'invalid_type', path, expected: 'array', input });
      return [];
    }
    if (limits.min !== undefined && input.length < limits.min) issues.push({ code: 'too_small', path });
    return input.map((value: unknown, index) => item(value, [...path, index], issues));
  };
}

type Fields = Record<string, Check<unknown>>;

/** A field whose check may give undefined is an optional key, as zod's `.optional()` makes it. */
export type ObjectOf<S extends Fields> = {
  [K in keyof S as undefined extends Checked<S[K]> ? never : K]: Checked<S[K]>;
} & {
  [K in keyof S as undefined extends Checked<S[K]> ? K : never]?: Checked<S[K]>;
};

function isPlainObject(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

export function object<S extends Fields>(fields: S): Check<ObjectOf<S>> {
  return (input, path, issues) => {
    const out: Record<string, unknown> = {};
    if (!isPlainObject(input)) {
      issues.push({ code: 'invalid_type', path, expected: 'object', input });
      return out as ObjectOf<S>;
    }
    for (const [key, field] of Object.entries(fields)) {
      const value = field(input[key], [...path, key], issues);
      if (value !== undefined) out[key] = value;
    }
    return out as ObjectOf<S>;
  };
}

/** An object of any keys, each value checked. */
export function recordOf<T>(value: Check<T>): Check<Record<string, T>> {
  return (input, path, issues) => {
    if (!isPlainObject(input)) {
      issues.push({ code: 'invalid_type', path, expected: 'object', input });
      return {};
    }
    return Object.fromEntries(Object.entries(input).map(([key, item]) => [key, value(item, [...path, key], issues)]));
  };
}

/** A value `accepts` admits as is; anything else is a `custom` issue saying what was expected. */
export function accepted<T>(accepts: (input: unknown) => input is T, expected: string): Check<T> {
  return (input, path, issues) => {
    if (!accepts(input)) issues.push({ code: 'custom', path, message: `must be ${expected}` });
    return input as T;
  };
}

/** A string turned into another value by `convert`; undefined from it is a `custom` issue with `problem`'s words. */
export function converted<T>(convert: (text: string) => T | undefined, problem: (text: string) => string): Check<T> {
  const text = string();
  return (input, path, issues) => {
    const before = issues.length;
    const value = text(input, path, issues);
    if (issues.length > before) return undefined as T;
    const result = convert(value);
    if (result === undefined) issues.push({ code: 'custom', path, message: problem(value) });
    return result as T;
  };
}
