/** Lambda entry point: every minute, the state of AWS → what the policy says for it now (repeats, missed transitions, schedules, replicas). */
import './stack-traces';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { clientConfig } from './aws/client-config';
import { reconcile, type ReconcileRuntime } from './flows/reconcile/reconcile';
import type { LambdaContextLike } from './runner/request';
import { runtimeFromEnvironment } from './runner/runtime';

const runtime: ReconcileRuntime = { ...(await runtimeFromEnvironment()), cloudWatch: new CloudWatchClient(clientConfig()) };

export const handler = (event: unknown, context?: LambdaContextLike) => reconcile(event, runtime, context);
