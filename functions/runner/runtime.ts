/**
 * What a function needs for its whole life, built once per cold start from the contract's
 * environment variables, awaited at the bundle's top level. A missing variable or an invalid
 * policy throws here, at init — loudly, at deploy time — rather than on the first alarm at 3 a.m.
 */
import { alertTopicFromEnvironment } from '../alerts/publish';
import { createClients, type AwsClients } from '../aws/clients';
import { ConfigurationError } from '../errors';
import { ledgerFromEnvironment } from '../ledger/dynamodb/dynamodb-ledger';
import type { Ledger } from '../ledger/ledger';
import type { FiringTables } from '../policy/firings';
import { policyFromEnvironment } from '../policy/from-environment';
import type { PolicyDocument } from '../policy/schema';
import { createTargetResolver, type TargetResolver } from '../policy/stack-resolver';
import { cloudFormationStackResources } from '../aws/stack-resources';

export interface Runtime {
  /** The policy as written: a step's targets are resolved when it runs (runner/targets.ts). */
  policy: PolicyDocument;
  /** The schedules' firings as packaging worked them out (none for a policy read from YAML): policy/firings.ts. */
  firings: FiringTables;
  /** Targets named through CloudFormation, resolved and cached for the container. */
  resolver: TargetResolver;
  clients: AwsClients;
  ledger: Ledger;
  topicArn: string;
  region: string;
  now: () => Date;
}

/** The resolver of a policy's CloudFormation targets, against the account the SDK reaches. */
export function targetResolverFor(policy: PolicyDocument, now: () => Date = () => new Date()): TargetResolver {
  return createTargetResolver({ targets: policy.targets, listStackResources: cloudFormationStackResources(), now });
}

export async function runtimeFromEnvironment(): Promise<Runtime> {
  const region = process.env.AWS_REGION;
  if (!region) throw new ConfigurationError('AWS_REGION is not set');
  const clients = createClients();
  const { policy, firings } = await policyFromEnvironment();
  const now = () => new Date();
  return {
    policy,
    firings,
    resolver: targetResolverFor(policy, now),
    clients,
    ledger: ledgerFromEnvironment(clients.ledger),
    topicArn: alertTopicFromEnvironment(),
    region,
    now,
  };
}
