/**
 * Before → after in one line, as `plan` and `invoke` print it: a changed field shows both
 * values (`desired 2 → 4`), an unchanged one its value once (`max 10`).
 */
import type { StateSnapshot } from '../model/vocabulary';

type Value = StateSnapshot[string];

function show(value: Value | undefined): string {
  if (value === undefined) return '-';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return String(value);
}

function same(a: Value | undefined, b: Value | undefined): boolean {
  return show(a) === show(b);
}

export function formatChange(before: StateSnapshot | undefined, after: StateSnapshot | undefined): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .map((key) => {
      const was = before?.[key];
      if (after === undefined || same(was, after[key])) return `${key} ${show(was)}`;
      return `${key} ${show(was)} → ${show(after[key])}`;
    })
    .join('; ');
}
