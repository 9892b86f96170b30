/**
 * Where a command writes. stdout carries the command's result (and nothing but JSON with
 * --json); stderr carries errors and the functions' logs. Injected so tests capture both.
 */
import { createStyle, shouldColor, type Style } from './style';

export interface CliIo {
  /** Writes to stdout, as is: callers end their lines. */
  out(text: string): void;
  /** Writes to stderr, as is. */
  err(text: string): void;
  /** Colours for stdout; plain when stdout is not a terminal or NO_COLOR is set. */
  style: Style;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    style: createStyle(shouldColor(process.stdout.isTTY, process.env)),
  };
}

/** JSON for scripts: one document, indented for people who read it too. */
export function writeJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
