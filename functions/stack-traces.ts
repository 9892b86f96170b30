/**
 * Stack traces that point into functions/ without `--enable-source-maps`, which makes Node parse
 * the bundle's whole source map at every cold start (about 40 ms). Here the map is read the first
 * time a stack trace is formatted — when an error is printed — and only frames in this bundle are
 * rewritten. Imported first by every function entry; outside a bundle it does nothing.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleUrl } from './bundle-location';

/** undefined: not read yet; null: the bundle has no readable map (frames stay as they are). */
let sourceMap: SourceMap | null | undefined;

function bundleSourceMap(bundle: string): SourceMap | null {
  if (sourceMap === undefined) {
    try {
      sourceMap = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundle)}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      sourceMap = null;
    }
  }
  return sourceMap;
}

function mappedFrame(site: NodeJS.CallSite, bundle: string): string {
  const frame = site.toString();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (site.getFileName() !== bundle || line === null || column === null) return frame;
  const entry = bundleSourceMap(bundle)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) return frame;
  const source = fileURLToPath(new URL(entry.originalSource, bundle));
  return frame.replace(`${bundle}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}

function header(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

// Node's own default formatter is replaced only inside a bundle, where every frame worth reading is ours.
if (bundleUrl) {
  const bundle = bundleUrl;
  Error.prepareStackTrace = (error, sites) => `${header(error)}${sites.map((site) => `\n    at ${mappedFrame(site, bundle)}`).join('')}`;
}
