/**
 * Runs the built bundles the way Lambda runs them, in this process: each
 * dist/<function>/index.mjs is imported once — its cold start, where it reads the contract's
 * environment variables — and its `handler` is invoked with the event and a Lambda context.
 * The caller sets the environment before `load`, as Lambda does before a cold start.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { InvocationSummary } from '../../../functions/runner/summary';
import { bundlePath, FUNCTIONS, type FunctionName } from '../../../functions/function-names';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../moto';
import { stackNames } from '../../stack/naming';
import type { Delivery, InvocationRecord } from './journal';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The functions' timeouts in serverless.yml. */
const TIMEOUT_SECONDS: Record<FunctionName, number> = {
  'alarm-remediation': 60,
  'rds-events': 60,
  'scheduled-scaling': 60,
  'slack-notifier': 30,
  reconcile: 60,
};

/** Names as the deployed stack gives them, so ARNs in alerts look like the real ones. */
const NAMES = stackNames('ops-autopilot', 'demo');

function lambdaContext(fn: FunctionName): Context {
  const deadline = Date.now() + TIMEOUT_SECONDS[fn] * 1000;
  const functionName = NAMES.function(fn);
  const noop = () => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: NAMES.logGroup(fn),
    logStreamName: `demo/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

function isInvocationSummary(value: unknown): value is InvocationSummary {
  return typeof value === 'object' && value !== null && Array.isArray((value as InvocationSummary).steps) && Array.isArray((value as InvocationSummary).rejected);
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export interface InvokeOptions {
  via: InvocationRecord['via'];
  attempt?: number;
  delivery?: Delivery;
}

export class FunctionRunner {
  /** Every invocation so far, in the order they started. */
  readonly invocations: InvocationRecord[] = [];

  private constructor(private readonly handlers: Record<FunctionName, LambdaHandler>) {}

  /**
   * Imports the four bundles under `root`. The URL carries a fresh query per load, so a second
   * load in the same process (a second demo run) is a new cold start, not Node's cached module.
   */
  static async load(root: string): Promise<FunctionRunner> {
    const coldStart = randomUUID();
    const handlers: Partial<Record<FunctionName, LambdaHandler>> = {};
    for (const fn of FUNCTIONS) {
      const url = pathToFileURL(join(root, bundlePath(fn)));
      url.searchParams.set('cold-start', coldStart);
      const bundle = (await import(url.href)) as { handler?: unknown };
      if (typeof bundle.handler !== 'function') throw new Error(`${bundlePath(fn)} does not export a handler function`);
      handlers[fn] = bundle.handler as LambdaHandler;
    }
    return new FunctionRunner(handlers as Record<FunctionName, LambdaHandler>);
  }

  /**
   * Runs the given handlers instead of the bundles: for jest, which cannot import the ESM
   * bundles; the caller imports each functions/<name>.ts after setting the environment, its cold start.
   */
  static fromHandlers(handlers: Record<FunctionName, LambdaHandler>): FunctionRunner {
    return new FunctionRunner(handlers);
  }

  /** Invokes the function; an error it throws is recorded, not thrown, as Lambda records it. */
  async invoke(fn: FunctionName, event: unknown, options: InvokeOptions): Promise<InvocationRecord> {
    const record = this.record(fn, options);
    const started = performance.now();
    try {
      const result = await this.handlers[fn](event, lambdaContext(fn));
      if (isInvocationSummary(result)) record.summary = result;
    } catch (err) {
      record.error = describeError(err);
    } finally {
      record.durationMs = Math.round(performance.now() - started);
    }
    return record;
  }

  /** An invocation that could not happen: no event could be made of the delivery. */
  undeliverable(fn: FunctionName, error: string, options: InvokeOptions): InvocationRecord {
    return Object.assign(this.record(fn, options), { error, gaveUp: true });
  }

  private record(fn: FunctionName, options: InvokeOptions): InvocationRecord {
    const record: InvocationRecord = {
      function: fn,
      at: new Date().toISOString(),
      durationMs: 0,
      attempt: options.attempt ?? 1,
      via: options.via,
      ...(options.delivery ? { delivery: options.delivery } : {}),
    };
    this.invocations.push(record);
    return record;
  }
}
