/**
 * The deliberate configuration every AWS SDK v3 client gets. Its own module, so a function
 * that needs one client (slack-notifier: SSM) does not pull in the others.
 */

export interface ClientOptions {
  /**
   * Attempts per call, first try included, with the SDK's standard mode (exponential backoff
   * with jitter on throttling, 5xx and timeouts).
   * @default 3, or OPS_AUTOPILOT_MAX_ATTEMPTS
   */
  maxAttempts?: number;
  /** Overrides AWS_ENDPOINT_URL, e.g. to put a fault-injecting proxy in front of the emulator. */
  endpoint?: string;
}

export function clientConfig(options: ClientOptions = {}) {
  const fromEnv = Number(process.env.OPS_AUTOPILOT_MAX_ATTEMPTS);
  const maxAttempts = options.maxAttempts ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 3);
  return { maxAttempts, retryMode: 'standard' as const, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
}
