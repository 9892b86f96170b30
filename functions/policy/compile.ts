/** Build and packaging: validates a policy file in full and gives the compiled form a function ships beside its bundle. */
import { readFileSync } from 'node:fs';
import { compilePolicy } from './compiled-policy';
import { parsePolicyText } from './load';

/** The text of `policy.compiled.json` for `file`; an invalid policy throws PolicyError, listing every issue. */
export function compiledPolicyText(file: string): string {
  const text = readFileSync(file, 'utf8');
  return `${JSON.stringify(compilePolicy(parsePolicyText(text, file), text))}\n`;
}
