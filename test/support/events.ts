/** Sample events live in events/ (one folder per source); every test loads them through here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS_DIR = join(__dirname, '..', '..', 'events');

/** A fresh copy of events/<relativePath>, so a test may change it freely. */
export function loadEvent(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(EVENTS_DIR, relativePath), 'utf8'));
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/**
 * A copy of `event` with fields replaced, each named by a dot path (`detail.state.value`,
 * `Records.0.Sns.Message`); the value `undefined` removes the field. Missing parents fail loudly
 * so a typo in a path cannot pass a test by accident.
 */
export function withOverrides(event: unknown, overrides: Record<string, unknown>): unknown {
  const copy = structuredClone(event);
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce<unknown>((node, key) => (isContainer(node) ? (node as Record<string, unknown>)[key] : undefined), copy);
    if (!isContainer(parent)) throw new Error(`withOverrides: no object at "${keys.join('.')}" for path "${path}"`);
    const target = parent as Record<string, unknown>;
    if (value === undefined) Reflect.deleteProperty(target, last);
    else target[last] = value;
  }
  return copy;
}
