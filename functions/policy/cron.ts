/** AWS (EventBridge) cron expressions and IANA time zones. */

/** Why the expression is not a valid six-field EventBridge cron, or undefined when it is. */
export function validateAwsCron(expr: string): string | undefined {
  return expr.trim().split(/\s+/).length === 6 ? undefined : 'must have six fields: minutes hours day-of-month month day-of-week year';
}

export function validateTimeZone(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone "${tz}"; use an IANA name such as Europe/Berlin or UTC`;
  }
}
