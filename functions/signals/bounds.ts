/**
 * Input is untrusted and unbounded; what reaches a ledger key or an alert is not. AWS's own
 * limits bound identifiers (anything longer is not a real event, so it is rejected), and text
 * quoted in an alert is cut to a length that keeps every alert far below SNS's 256 KiB.
 */

export const IDENTIFIER_LIMITS = {
  /** CloudWatch alarm names: 1–255 characters. */
  alarmName: 255,
  /** RDS DB instance and cluster identifiers: 1–63 characters. */
  rdsIdentifier: 63,
  /** Policy rule and schedule names (policy/schema.ts). */
  scheduleName: 64,
} as const;

/** Free text (alarm reasons, RDS messages) quoted in an alert. */
export const QUOTED_TEXT_LIMIT = 1_000;

export function boundText(text: string, max = 200): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
