/**
 * Colours for the human-readable output: only on a terminal and only when NO_COLOR is unset
 * (https://no-color.org), so pipes, files and CI logs get plain text.
 */
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

export type StyleName = keyof typeof CODES;
export type Style = Record<StyleName, (text: string) => string>;

export function shouldColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  // NO_COLOR counts when present and not empty, as its specification says.
  return isTTY === true && !env.NO_COLOR;
}

export function createStyle(enabled: boolean): Style {
  const paint = ([open, close]: readonly [number, number]) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return Object.fromEntries(Object.entries(CODES).map(([name, codes]) => [name, paint(codes)])) as Style;
}
