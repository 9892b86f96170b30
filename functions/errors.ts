/**
 * One base class for the project's errors; each failure a subclass that names itself. The name
 * is written out, not read from the class: the bundles are minified, and alerts and logs show it.
 */

export class OpsAutopilotError extends Error {
  override name = 'OpsAutopilotError';
}

export interface PolicyIssue {
  /** Where: `rule "web-scale-out"`, `schedule "night"`, `settings` or `policy`. */
  where: string;
  /** Dot path of the field inside it, e.g. do[0].scaleAutoScalingGroup.by */
  field: string;
  message: string;
}

/** The policy file cannot be read or is not valid; every issue is listed. */
export class PolicyError extends OpsAutopilotError {
  override name = 'PolicyError';

  constructor(
    readonly file: string,
    readonly issues: PolicyIssue[],
  ) {
    super(
      `invalid policy ${file}:\n` +
        issues.map((i) => `  - ${i.where}${i.field ? `, field ${i.field}` : ''}: ${i.message}`).join('\n'),
    );
  }
}

/** A required environment variable is missing. */
export class ConfigurationError extends OpsAutopilotError {
  override name = 'ConfigurationError';
}

/**
 * An AWS call failed in a way a later retry can fix (throttling, 5xx, timeouts): the
 * function throws it so Lambda retries and, in the end, the on-failure queue keeps the event.
 */
export class RetryableAwsError extends OpsAutopilotError {
  override name = 'RetryableAwsError';
}
