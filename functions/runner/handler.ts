/** A Lambda handler for a function spec: the runtime once per cold start, the pipeline per invocation. */
import type { Signal } from '../signals/types';
import { runInvocation, type FunctionSpec } from './pipeline';
import type { LambdaContextLike } from './request';
import { runtimeFromEnvironment } from './runtime';

export async function handlerFor<S extends Signal>(spec: FunctionSpec<S>) {
  const runtime = await runtimeFromEnvironment();
  return (event: unknown, context?: LambdaContextLike) => runInvocation(spec, event, runtime, context);
}
