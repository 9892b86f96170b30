/**
 * Invokes a flow as Lambda invokes a function asynchronously: the same request id on every
 * attempt, and two retries after a failed one (Lambda's default), here after seconds instead of
 * the minute or two Lambda waits.
 */
import { randomUUID } from 'node:crypto';
import type { LambdaContextLike } from '../../functions/runner/request';
import type { Runtime } from '../../functions/runner/runtime';
import type { InvocationSummary } from '../../functions/runner/summary';

export type Flow = (event: unknown, runtime: Runtime, context?: LambdaContextLike) => Promise<InvocationSummary>;

export async function invokeWithRetries(flow: Flow, event: unknown, runtime: Runtime, pausesMs: number[] = [1_000, 2_000]): Promise<InvocationSummary> {
  const context = { awsRequestId: randomUUID() };
  for (let attempt = 0; ; attempt++) {
    try {
      return await flow(event, runtime, context);
    } catch (err) {
      const pause = pausesMs[attempt];
      if (pause === undefined) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * A storm of invocations at once, then Lambda's retries of those that failed, one after the
 * other as they would come a minute later when the storm is over.
 */
export async function stormWithRetries(flow: Flow, events: unknown[], runtime: Runtime): Promise<InvocationSummary[]> {
  const contexts = events.map(() => ({ awsRequestId: randomUUID() }));
  const first = await Promise.allSettled(events.map((event, i) => flow(event, runtime, contexts[i])));
  const summaries: InvocationSummary[] = [];
  for (const [i, result] of first.entries()) {
    summaries.push(result.status === 'fulfilled' ? result.value : await flow(events[i], runtime, contexts[i]));
  }
  return summaries;
}
