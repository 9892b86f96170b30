/** The Route 53 client, loaded by aws/clients.ts on first use (through aws/on-demand.ts): only targets with a reader endpoint need it. */
import { Route53Client } from '@aws-sdk/client-route-53';
import type { clientConfig } from './client-config';

export const newRoute53Client = (config: ReturnType<typeof clientConfig>) => new Route53Client(config);
