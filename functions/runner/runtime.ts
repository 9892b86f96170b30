/**
 * What a function needs for its whole life, built once per cold start from the contract's
 * environment variables. A missing variable or an invalid policy throws here, at init —
 * loudly, at deploy time — rather than on the first alarm at 3 a.m.
 */
import { alertTopicFromEnvironment } from '../alerts/publish';
import { createClients, type AwsClients } from '../aws/clients';
import { ConfigurationError } from '../errors';
import { ledgerFromEnvironment } from '../ledger/dynamodb/dynamodb-ledger';
import type { Ledger } from '../ledger/ledger';
import { policyFromEnvironment } from '../policy/load';
import type { Policy } from '../policy/schema';

export interface Runtime {
  policy: Policy;
  clients: AwsClients;
  ledger: Ledger;
  topicArn: string;
  region: string;
  now: () => Date;
}

export function runtimeFromEnvironment(): Runtime {
  const region = process.env.AWS_REGION;
  if (!region) throw new ConfigurationError('AWS_REGION is not set');
  const clients = createClients();
  return {
    policy: policyFromEnvironment(),
    clients,
    ledger: ledgerFromEnvironment(clients.ledger),
    topicArn: alertTopicFromEnvironment(),
    region,
    now: () => new Date(),
  };
}
