/**
 * Command-line parsing on node:util parseArgs in strict mode: an unknown option or a missing
 * value is a UsageError that names the option and the command, never silently ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `-h` and `--help` anywhere before `--` ask for the command's help, whatever else is on the line. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '-h' || arg === '--help');
}

/** parseArgs' own messages, reworded to name the command: `unknown option --foo`. */
function usageErrorOf(err: unknown, command: string): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return err;
  const message = (err as Error).message;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(command, `unknown option ${option}`);
  if (/does not take an argument/.test(message)) return new UsageError(command, `option ${option} takes no value`);
  if (/argument missing|ambiguous/.test(message)) return new UsageError(command, `option ${option} needs a value`);
  return new UsageError(command, message.split('\n')[0] ?? message);
}

export function parseCommandLine<const O extends OptionsConfig>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageErrorOf(err, command);
  }
}

/**
 * Positionals by name: every required one present, at most the optional ones after them.
 * @returns the values in the order named, undefined for an optional one not given
 */
export function takePositionals<R extends string, P extends string = never>(
  command: string,
  positionals: string[],
  required: readonly R[],
  optional: readonly P[] = [],
): Record<R, string> & Partial<Record<P, string>> {
  const missing = required.slice(positionals.length);
  if (missing.length) throw new UsageError(command, `missing ${missing.map((name) => `<${name}>`).join(' ')}`);
  const extra = positionals.slice(required.length + optional.length);
  if (extra.length) throw new UsageError(command, `unexpected argument ${extra.map((arg) => JSON.stringify(arg)).join(' ')}`);
  const names: string[] = [...required, ...optional];
  return Object.fromEntries(positionals.map((value, index) => [names[index], value])) as Record<R, string> & Partial<Record<P, string>>;
}

/** A whole number within bounds, for options such as --count. */
export function integerOption(command: string, option: string, text: string | undefined, fallback: number, bounds: { min: number; max: number }): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < bounds.min || value > bounds.max) {
    throw new UsageError(command, `--${option} must be a whole number from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
