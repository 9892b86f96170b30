/** The CloudFormation side of the target resolver: ListStackResources, paged, and nothing else. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ListStackResources } from '../policy/stack-resolver';

/**
 * The client is made, and its module loaded, on the first listing: most policies name no stack,
 * and a cold start should not pay for it (in a bundle the dynamic import only defers evaluation).
 */
export function cloudFormationStackResources(given?: CloudFormationClient): ListStackResources {
  let client = given;
  return async (stack) => {
    const { listStackResources, newCloudFormationClient } = await import('./on-demand');
    client ??= newCloudFormationClient();
    return listStackResources(client, stack);
  };
}
