/**
 * Which function an event is for: each function's parser is asked, as the event wiring
 * would route it. A parser that finds signals takes the event (its rejected records are
 * what that function would report); when none does, every parser's reason is kept.
 */
import type { FunctionName } from '../../function-names';
import { parseAlarmInput } from '../../signals/alarm';
import { parseRdsInput } from '../../signals/rds-event';
import { parseScheduleInput } from '../../signals/schedule';
import type { ParseResult, Rejection, Signal } from '../../signals/types';

export interface Parsed {
  function: FunctionName;
  result: ParseResult<Signal>;
}

export interface FunctionRejection extends Rejection {
  /** The function whose parser rejected it. */
  function: FunctionName;
}

export interface EventSignals {
  /** The parsers that found signals; empty when the event is for none of the functions. */
  accepted: Parsed[];
  /** Records the accepting functions would reject, or, when none accepted, every parser's reason. */
  rejected: FunctionRejection[];
}

function rejections({ function: fn, result }: Parsed): FunctionRejection[] {
  return result.rejected.map((rejection) => ({ function: fn, ...rejection }));
}

/** @param receivedAt stands in for the invocation time of a schedule event without one */
export function readSignals(event: unknown, receivedAt: Date): EventSignals {
  const parsed: Parsed[] = [
    { function: 'alarm-remediation', result: parseAlarmInput(event) },
    { function: 'rds-events', result: parseRdsInput(event) },
    { function: 'scheduled-scaling', result: parseScheduleInput(event, receivedAt) },
  ];
  const accepted = parsed.filter((p) => p.result.signals.length > 0);
  return { accepted, rejected: (accepted.length ? accepted : parsed).flatMap(rejections) };
}
