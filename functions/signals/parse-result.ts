/** Parsers work record by record; this gathers their signals and rejections into one ParseResult. */
import type { ParseResult, Rejection, Signal } from './types';

export function isRejection(result: Signal | Rejection): result is Rejection {
  return !('kind' in result);
}

export function toParseResult<S extends Signal>(results: (S | Rejection)[]): ParseResult<S> {
  const parsed: ParseResult<S> = { signals: [], rejected: [] };
  for (const result of results) {
    if (isRejection(result)) parsed.rejected.push(result);
    else parsed.signals.push(result);
  }
  return parsed;
}
