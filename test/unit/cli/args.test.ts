/** Command-line handling: strict options, named positionals, bounded numbers — every mistake a usage error naming it. */
import { integerOption, parseCommandLine, takePositionals, wantsHelp } from '../../../functions/cli/args';
import { UsageError } from '../../../functions/cli/errors';
import { EXIT } from '../../../functions/cli/exit-codes';

const OPTIONS = { policy: { type: 'string' }, json: { type: 'boolean' } } as const;

function usageError(act: () => unknown): UsageError {
  try {
    act();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('returns typed values and the positionals', () => {
    const { values, positionals } = parseCommandLine('plan', ['event.json', '--policy', 'p.yml', '--json'], OPTIONS);

    expect(values).toEqual({ policy: 'p.yml', json: true });
    expect(positionals).toEqual(['event.json']);
  });

  it.each([
    [['--polcy', 'p.yml'], 'unknown option --polcy'],
    [['-x'], 'unknown option -x'],
    [['--policy'], 'option --policy needs a value'],
    [['--json=yes'], 'option --json takes no value'],
  ])('rejects %j as a usage error: %s', (args, message) => {
    const error = usageError(() => parseCommandLine('plan', args, OPTIONS));

    expect(error).toMatchObject({ command: 'plan', message, exitCode: EXIT.usage });
  });
});

describe('takePositionals', () => {
  it('names the values, optional ones included when given', () => {
    expect(takePositionals('invoke', ['alarm-remediation', 'e.json'], ['function', 'event.json'])).toEqual({ function: 'alarm-remediation', 'event.json': 'e.json' });
    expect(takePositionals('validate', [], [], ['policy'])).toEqual({});
  });

  it('names a missing argument', () => {
    expect(usageError(() => takePositionals('invoke', ['alarm-remediation'], ['function', 'event.json'])).message).toBe('missing <event.json>');
  });

  it('names an extra argument', () => {
    expect(usageError(() => takePositionals('validate', ['a.yml', 'b.yml'], [], ['policy'])).message).toBe('unexpected argument "b.yml"');
  });
});

describe('wantsHelp', () => {
  it('finds -h or --help anywhere before --', () => {
    expect(wantsHelp(['event.json', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});

describe('integerOption', () => {
  const bounds = { min: 1, max: 100 };

  it('falls back when the option is absent and reads a whole number in bounds', () => {
    expect(integerOption('schedules', 'count', undefined, 5, bounds)).toBe(5);
    expect(integerOption('schedules', 'count', '12', 5, bounds)).toBe(12);
  });

  it.each(['0', '101', '2.5', 'ten', '', '-3'])('rejects %j', (text) => {
    expect(usageError(() => integerOption('schedules', 'count', text, 5, bounds)).message).toMatch(/^--count must be a whole number from 1 to 100/);
  });
});
