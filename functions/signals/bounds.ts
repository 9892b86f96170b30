/**
 * Input is untrusted and unbounded; what reaches a ledger key or an alert is not. AWS's own
 * limits bound identifiers (anything longer is not a real event, so it is rejected), and text
 * quoted in an alert is cut to a length that keeps every alert far below SNS's 256 KiB.
 */
import { string } from './shape';

export const IDENTIFIER_LIMITS = {
  /** CloudWatch alarm names: 1–255 characters. */
  alarmName: 255,
  /** RDS DB instance and cluster identifiers: 1–63 characters. */
  rdsIdentifier: 63,
  /** Policy rule and schedule names (policy/schema.ts). */
  scheduleName: 64,
} as const;

/**
 * The envelope fields AWS writes into its events. They reach every ARN, link and ledger item of
 * the event's reports, so a value of another form (not a real event) is rejected, never carried.
 */
export const ENVELOPE_FIELDS = {
  region: string({ pattern: { regex: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, message: 'is not an AWS region code, e.g. us-east-1' } }),
  account: string({ pattern: { regex: /^\d{12}$/, message: 'is not a 12-digit AWS account id' } }),
  arn: string({ max: { length: 2048, message: 'is longer than the 2048 characters of an ARN' } }),
  /** RDS event categories (`failover`, `low storage`, …). */
  category: string({ max: { length: 64, message: 'is longer than any RDS event category' } }),
};

/** Free text (alarm reasons, RDS messages) quoted in an alert. */
export const QUOTED_TEXT_LIMIT = 1_000;

export function boundText(text: string, max = 200): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
