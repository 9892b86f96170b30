/**
 * One place that builds the AWS SDK v3 clients, so every function and test gets the same
 * deliberate configuration. The SDK itself reads AWS_REGION and AWS_ENDPOINT_URL (the
 * embedded AWS); we only choose the retry policy.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RDSClient } from '@aws-sdk/client-rds';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';

export interface AwsClients {
  autoScaling: AutoScalingClient;
  rds: RDSClient;
  ledger: DynamoDBDocumentClient;
  sns: SNSClient;
  ssm: SSMClient;
}

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

export function createClients(options: ClientOptions = {}): AwsClients {
  const config = clientConfig(options);
  return {
    autoScaling: new AutoScalingClient(config),
    rds: new RDSClient(config),
    ledger: DynamoDBDocumentClient.from(new DynamoDBClient(config), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    sns: new SNSClient(config),
    ssm: new SSMClient(config),
  };
}
