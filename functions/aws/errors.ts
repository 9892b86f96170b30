/** Sorting AWS failures into "a retry can fix it" and "a person must". */
import { OpsAutopilotError } from '../errors';

/** A resource the policy names does not exist (or is gone): a retry will not help. */
export class ResourceNotFoundError extends OpsAutopilotError {
  override name = 'ResourceNotFoundError';
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|ProvisionedThroughputExceeded|RequestTimeout/;
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up/;

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $retryable?: unknown;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/** Throttling, 5xx and network failures: the SDK already retried them; Lambda's retry may still succeed. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof OpsAutopilotError) return false;
  const e = err as SdkErrorShape;
  if (e.$retryable) return true;
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (THROTTLING.test(e.name ?? '')) return true;
  return NETWORK.test(`${e.code ?? ''} ${e.message ?? ''}`) || e.name === 'TimeoutError';
}

/** One line naming the AWS error, for reports. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as SdkErrorShape).$metadata?.httpStatusCode;
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  const message = err.message.length > 300 ? `${err.message.slice(0, 300)}…` : err.message;
  return `${name}${message}${status ? ` (HTTP ${status})` : ''}`;
}
