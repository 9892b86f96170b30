/** Colours only on a terminal and only without NO_COLOR; plain text is untouched. */
import { createStyle, shouldColor } from '../../../functions/cli/style';

describe('shouldColor', () => {
  it.each([
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    // The NO_COLOR convention: an empty value does not count.
    [true, { NO_COLOR: '' }, true],
    [false, {}, false],
    [undefined, {}, false],
  ])('on a TTY %s with %j: %s', (isTTY, env, expected) => {
    expect(shouldColor(isTTY, env)).toBe(expected);
  });
});

describe('createStyle', () => {
  it('wraps text in ANSI codes when enabled', () => {
    expect(createStyle(true).red('MISSING')).toBe('\u001b[31mMISSING\u001b[39m');
  });

  it('returns the text unchanged when disabled', () => {
    const style = createStyle(false);

    expect([style.bold('a'), style.dim('b'), style.red('c'), style.green('d'), style.yellow('e'), style.cyan('f')].join('')).toBe('abcdef');
  });
});
