/**
 * A storm of invocations at once, then Lambda's retries of those that failed, one after the
 * other as they would come a minute later when the storm is over.
 */
import { randomUUID } from 'node:crypto';
import type { Flow } from '../../infra/local/soak/lambda';
import type { Runtime } from '../../functions/runner/runtime';
import type { InvocationSummary } from '../../functions/runner/summary';

export async function stormWithRetries(flow: Flow, events: unknown[], runtime: Runtime): Promise<InvocationSummary[]> {
  const contexts = events.map(() => ({ awsRequestId: randomUUID() }));
  const first = await Promise.allSettled(events.map((event, i) => flow(event, runtime, contexts[i])));
  const summaries: InvocationSummary[] = [];
  for (const [i, result] of first.entries()) {
    summaries.push(result.status === 'fulfilled' ? result.value : await flow(events[i], runtime, contexts[i]));
  }
  return summaries;
}
