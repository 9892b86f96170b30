/**
 * Stack traces that point into functions/ without `--enable-source-maps`, which makes Node parse
 * the bundle's whole source map at every cold start (about 40 ms). Here a file's map is read the
 * first time a stack trace through it is formatted — when an error is printed — and only frames in
 * the bundle's own files (its entry and chunks) are rewritten. Imported first by every function
 * entry; outside a bundle it does nothing.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleUrl } from './bundle-location';

/** Per file of the bundle (its entry and chunks): the map, or null when it has no readable one (frames stay as they are). */
const sourceMaps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  let map = sourceMaps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(file)}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  return map;
}

/** `<file>:<line>:<column>` of the bundle's own files, as V8 prints them in a frame. */
function framePositions(bundleDir: string): RegExp {
  return new RegExp(`${bundleDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s():]+\\.mjs:(\\d+):(\\d+)`, 'g');
}

function originalPosition(file: string, line: number, column: number): string | undefined {
  const entry = sourceMapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) return undefined;
  return `${fileURLToPath(new URL(entry.originalSource, file))}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

/** The stack as formatted before (Node's default, or whoever formats stacks here), with the bundle's positions mapped. */
function mapped(stack: string, positions: RegExp): string {
  return stack.replace(positions, (match: string, line: string, column: string) => {
    const file = match.slice(0, match.length - line.length - column.length - 2);
    return originalPosition(file, Number(line), Number(column)) ?? match;
  });
}

// Only inside a bundle; the formatter in place (Node's own, a test runner's) still formats the stack.
if (bundleUrl) {
  const positions = framePositions(new URL('.', bundleUrl).href);
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, sites) => {
    const stack: unknown = previous ? previous(error, sites) : `${String(error)}${sites.map((site) => `\n    at ${site.toString()}`).join('')}`;
    return typeof stack === 'string' ? mapped(stack, positions) : stack;
  };
}
