/**
 * A built function bundle (dist/<function>/index.mjs, from `npm run build`), imported into the
 * CLI's own process as Lambda's Node.js runtime would load it: module code first (the cold
 * start reads the environment and the policy), then `handler`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundlePath, type FunctionName } from '../../function-names';
import { NotReadyError } from '../errors';
import { displayPath, PROJECT_ROOT } from '../paths';

export type Handler = (event: unknown) => Promise<unknown>;

/** @throws NotReadyError when the bundle is not built */
export function bundleFile(name: FunctionName): string {
  const file = join(PROJECT_ROOT, bundlePath(name));
  if (!existsSync(file)) throw new NotReadyError(`${displayPath(file)} does not exist: run npm run build first`);
  return file;
}

/** Runs the bundle's module code; whatever it throws is the function failing at init. */
export async function loadHandler(file: string): Promise<Handler> {
  const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new NotReadyError(`${displayPath(file)} exports no handler: run npm run build again`);
  return module.handler as Handler;
}
