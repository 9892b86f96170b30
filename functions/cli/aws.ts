/**
 * The AWS the read-only commands ask: the project's own clients (createClients), configured
 * by the SDK's usual sources — AWS_REGION or the profile, credentials, AWS_ENDPOINT_URL for
 * the embedded AWS.
 */
import { createClients, type AwsClients } from '../aws/clients';
import { AwsUnavailableError } from './errors';

export interface AwsTarget {
  clients: AwsClients;
  region: string;
  /** Set when AWS_ENDPOINT_URL points the SDK elsewhere (the embedded AWS): shown so nobody mistakes it for the real account. */
  endpoint?: string;
}

export async function connectAws(env: NodeJS.ProcessEnv = process.env): Promise<AwsTarget> {
  const clients = createClients();
  let region: string;
  try {
    // The SDK resolves the region lazily; asking now turns "Region is missing" into one clear message.
    region = await clients.autoScaling.config.region();
  } catch (err) {
    throw new AwsUnavailableError('no AWS region configured: set AWS_REGION (or AWS_PROFILE with a region)', { cause: err });
  }
  return { clients, region, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
}

/** `region us-east-1 via http://127.0.0.1:5000`. */
export function describeTarget(aws: Pick<AwsTarget, 'region' | 'endpoint'>): string {
  return `region ${aws.region}${aws.endpoint ? ` via ${aws.endpoint}` : ''}`;
}
