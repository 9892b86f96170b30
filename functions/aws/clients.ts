/**
 * One place that builds the AWS SDK v3 clients, so every function and test gets the same
 * deliberate configuration. The SDK itself reads AWS_REGION and AWS_ENDPOINT_URL (the
 * embedded AWS); we only choose the retry policy.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig, type ClientOptions } from './client-config';

export { clientConfig, type ClientOptions };

export interface AwsClients {
  autoScaling: AutoScalingClient;
  rds: RDSClient;
  /** Made, and its module loaded, on first use: only targets with a reader endpoint need it. */
  route53(): Promise<Route53Client>;
  ledger: DynamoDBDocumentClient;
  sns: SNSClient;
  ssm: SSMClient;
}

export function createClients(options: ClientOptions = {}): AwsClients {
  const config = clientConfig(options);
  let route53: Promise<Route53Client> | undefined;
  return {
    autoScaling: new AutoScalingClient(config),
    rds: new RDSClient(config),
    route53: () => (route53 ??= import('./on-demand').then(({ newRoute53Client }) => newRoute53Client(config))),
    ledger: DynamoDBDocumentClient.from(new DynamoDBClient(config), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    sns: new SNSClient(config),
    ssm: new SSMClient(config),
  };
}
