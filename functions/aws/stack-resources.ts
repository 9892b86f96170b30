/** The CloudFormation side of the target resolver: ListStackResources, paged, and nothing else. */
import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import type { ListStackResources, StackResource } from '../policy/stack-resolver';
import { clientConfig } from './client-config';

/** CloudFormation answers a stack that does not exist with a ValidationError saying so. */
function isMissingStack(err: unknown): boolean {
  return err instanceof Error && err.name === 'ValidationError' && /does not exist/.test(err.message);
}

/** The client is made on the first listing: most policies name no stack, and a cold start should not pay for it. */
export function cloudFormationStackResources(given?: CloudFormationClient): ListStackResources {
  let client = given;
  return async (stack) => {
    client ??= new CloudFormationClient(clientConfig());
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
  };
}
