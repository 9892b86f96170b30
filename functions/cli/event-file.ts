/** Reads an event file for `plan` and `invoke`; a missing file or bad JSON is an InputError naming the file. */
import { readFileSync } from 'node:fs';
import { InputError } from './errors';

export function readEventFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InputError(`cannot read event file ${file}: ${reason}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`event file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}
