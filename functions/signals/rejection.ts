/**
 * Words for a rejection: what the input looked like (`shape`) and which field was missing or
 * wrong (`reason`), so a log line or a failed report tells a person what arrived and why not.
 */
import { isRecord } from './json';
import type { ShapeIssue } from './shape';

const MAX_KEYS_SHOWN = 8;

function listKeys(keys: string[]): string {
  const shown = keys.slice(0, MAX_KEYS_SHOWN).join(', ');
  return keys.length > MAX_KEYS_SHOWN ? `${shown}, … (${keys.length} keys)` : shown;
}

/** What an input looks like, in the words of its sender: "EventBridge aws.rds RDS DB Instance Event". */
export function describeShape(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return `array of ${input.length} items`;
  if (!isRecord(input)) return typeof input;
  if (typeof input['detail-type'] === 'string') {
    const source = typeof input.source === 'string' ? input.source : '(no source)';
    return `EventBridge ${source} ${input['detail-type']}`;
  }
  if (Array.isArray(input.Records)) return `batch of ${input.Records.length} records`;
  if ('alarmData' in input) return 'alarm Lambda action';
  const keys = Object.keys(input);
  return keys.length === 0 ? 'empty object' : `unknown object with keys ${listKeys(keys)}`;
}

/** `detail.state.value`, `Records[0]`, `Sns.Message["Event ID"]`. */
function formatPath(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `${text}[${JSON.stringify(name)}]`;
    return text ? `${text}.${name}` : name;
  }, prefix);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function describeIssue(issue: ShapeIssue, prefix: string): string {
  const where = formatPath(prefix, issue.path) || 'the input';
  switch (issue.code) {
    case 'invalid_type':
      // An absent input means the field itself is absent.
      return issue.input !== undefined
        ? `${where} must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}, got ${describeValue(issue.input)}`
        : `${where} is missing`;
    case 'invalid_value':
      return `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return `${where} is empty`;
    case 'too_big':
    case 'custom':
      return `${where} ${issue.message}`;
  }
}

/** Every issue the check found, one clause each. */
export function reasonFromIssues(issues: ShapeIssue[], prefix = ''): string {
  return issues.map((issue) => describeIssue(issue, prefix)).join('; ');
}
