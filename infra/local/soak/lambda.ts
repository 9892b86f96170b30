/**
 * Lambda's asynchronous invocation, as the soak needs it: the same request id on every attempt
 * and two retries after a failed one (Lambda waits a minute or two; here a short pause).
 */
import { randomUUID } from 'node:crypto';
import type { LambdaContextLike } from '../../../functions/runner/request';
import type { Runtime } from '../../../functions/runner/runtime';
import type { InvocationSummary } from '../../../functions/runner/summary';

export type Flow = (event: unknown, runtime: Runtime, context?: LambdaContextLike) => Promise<InvocationSummary>;

export type Invocation = { ok: true; summary: InvocationSummary; attempts: number } | { ok: false; error: unknown; attempts: number };

export async function invokeAsync(flow: Flow, event: unknown, runtime: Runtime, pausesMs: readonly number[] = [200, 500]): Promise<Invocation> {
  const context = { awsRequestId: randomUUID() };
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, summary: await flow(event, runtime, context), attempts: attempt };
    } catch (error) {
      const pause = pausesMs[attempt - 1];
      if (pause === undefined) return { ok: false, error, attempts: attempt };
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inFlight<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
