/**
 * AWS writes one instant in several ways: EventBridge `2026-11-24T08:00:00Z`, CloudWatch
 * `2026-11-24T08:00:00.123+0000`, RDS through SNS `2026-11-24 08:00:00.123` (UTC, no zone).
 * Signal identities embed the instant, so every form becomes one: ISO-8601 UTC with milliseconds.
 */
import { converted } from './shape';

const TIMESTAMP =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[T ](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<fraction>\d+))?(?<zone>Z|[+-]\d{2}:?\d{2})?$/;

/** Minutes east of UTC; a missing zone means UTC, as in RDS notifications. */
function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** The canonical form of an AWS timestamp, or undefined when the text is not one. */
export function toIsoTimestamp(text: string): string | undefined {
  const groups = TIMESTAMP.exec(text.trim())?.groups;
  if (!groups) return undefined;
  const [year, month, day, hour, minute, second] = [groups.year, groups.month, groups.day, groups.hour, groups.minute, groups.second].map(Number) as [
    number, number, number, number, number, number,
  ];
  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 30 February into March and hour 25 into the next day; AWS never writes those.
  const exact =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === month - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second;
  if (!exact) return undefined;
  const millis = Number((groups.fraction ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(wallClock.getTime() + millis - offsetMinutes(groups.zone) * 60_000).toISOString();
}

/** A timestamp field: accepts every AWS form, yields the canonical one. */
export const timestamp = converted(toIsoTimestamp, (text) => `is not a timestamp: ${JSON.stringify(text)}`);
