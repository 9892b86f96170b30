/** ListStackResources, paged: loaded by aws/stack-resources.ts (through aws/on-demand.ts) on the first listing of a stack. */
import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import type { StackResource } from '../policy/stack-resolver';
import { clientConfig } from './client-config';

/** CloudFormation answers a stack that does not exist with a ValidationError saying so. */
function isMissingStack(err: unknown): boolean {
  return err instanceof Error && err.name === 'ValidationError' && /does not exist/.test(err.message);
}

export const newCloudFormationClient = () => new CloudFormationClient(clientConfig());

/** The stack's resources, or undefined when there is no such stack. */
export async function listStackResources(client: CloudFormationClient, stack: string): Promise<StackResource[] | undefined> {
  const resources: StackResource[] = [];
  try {
    for await (const page of paginateListStackResources({ client }, { StackName: stack })) {
      for (const summary of page.StackResourceSummaries ?? []) {
        resources.push({
          logicalId: summary.LogicalResourceId ?? '',
          physicalId: summary.PhysicalResourceId || undefined,
          type: summary.ResourceType ?? '',
          status: summary.ResourceStatus ?? '',
        });
      }
    }
  } catch (err) {
    if (isMissingStack(err)) return undefined;
    throw err;
  }
  return resources;
}
