/**
 * One shared chunk instead of one per lazy module. esbuild writes each module that both the
 * entry and a lazy module (one behind `await import(...)`) reach into a chunk per combination
 * of lazy modules reaching it, and every such chunk is one more file a cold start opens. A lazy
 * module is only ever loaded after its entry, so this plugin has each one import what the entry
 * imports: every module the entry reaches then has the same combination, and esbuild writes
 * them all into one chunk. Not the entry itself: its top-level await (the runtime made at a cold
 * start) may be what loads the lazy module, and a module importing it back would wait forever.
 */
import type { Plugin } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `await import('./x')` in a source. */
const DYNAMIC_IMPORT = /\bimport\('(\.{1,2}\/[^']+)'\)/g;
/** An entry's imports of the project's modules: `import './x';` and `import { … } from './x';`, not `import type`. */
const STATIC_IMPORT = /^import (?!type )(?:[^;]* from )?'(\.{1,2}\/[^']+)';$/gm;

const relativeImports = (file: string, pattern: RegExp): string[] =>
  [...readFileSync(file, 'utf8').matchAll(pattern)].map(([, target]) => resolve(dirname(file), target ?? ''));

/** Every module functions/ loads lazily, as absolute .ts paths (the CLI's commands excepted: they are its own business). */
export function lazyModules(root = 'functions'): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.ts') && !file.startsWith('cli/')) for (const target of relativeImports(resolve(root, file), DYNAMIC_IMPORT)) found.add(`${target}.ts`);
  }
  return found;
}

export function lazyModulesShareOneChunk(entry: string): Plugin {
  const lazy = lazyModules();
  const entryImports = relativeImports(resolve(entry), STATIC_IMPORT)
    .map((target) => `import ${JSON.stringify(target)};`)
    .join('\n');
  return {
    name: 'lazy-modules-share-one-chunk',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!lazy.has(args.path)) return undefined;
        return { contents: `${readFileSync(args.path, 'utf8')}\n${entryImports}\n`, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}
