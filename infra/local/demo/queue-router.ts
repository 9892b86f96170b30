/**
 * The event sources of the deployed stack, played locally: one poller per function queue
 * receives each message, turns it into the event Lambda would pass, and invokes the function
 * — one event per invocation, one invocation at a time (the stack's reserved concurrency 1).
 * A handler that throws gets the message again a moment later, up to three attempts in all
 * (the stack's maximumRetryAttempts: 2); after that it is dropped and recorded as given up,
 * where AWS would put it in the function's on-failure queue.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FunctionName } from '../../../functions/function-names';
import type { FunctionRunner } from './function-runner';
import type { Delivery, InvocationRecord } from './journal';

export interface Route {
  function: FunctionName;
  queueUrl: string;
  via: 'eventbridge' | 'sns';
  /** The event the function receives for a message of this queue. */
  toEvent(body: string): unknown;
}

/** Lambda's asynchronous invocations: the first attempt and two retries. */
const MAX_ATTEMPTS = 3;
/** Lambda waits a minute before a retry; the demo waits a second. */
const RETRY_DELAY_SECONDS = 1;
/** Between receives of an empty queue: short polls keep settling fast. */
const POLL_INTERVAL_MS = 100;
/** Counts every message that is in a queue or being handled. */
const BACKLOG_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

class RouterNotSettledError extends Error {
  override name = 'RouterNotSettledError';
}

export class QueueRouter {
  private stopped = false;
  private inFlight = 0;
  /** Bumped whenever a message is received or handled, so `settle` can tell a quiet moment from a lucky read. */
  private activity = 0;
  private loops: Promise<void>[] = [];
  /** Receive or delete failures (the emulator went away, say), kept for the settle error. */
  private readonly pollErrors: string[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly routes: Route[],
    private readonly runner: FunctionRunner,
  ) {}

  start(): void {
    this.loops = this.routes.map((route) => this.poll(route));
  }

  /** Stops polling and waits for the invocations in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** The message again, as an at-least-once source may deliver it. */
  async redeliver(delivery: Delivery): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: delivery.queueUrl, MessageBody: delivery.body }));
  }

  /**
   * Resolves once everything sent so far has been handled, including what the handlers sent on
   * (alerts to the Slack queue) and retries still waiting: every queue empty, nothing in flight,
   * and no activity while that was read.
   */
  async settle(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const activity = this.activity;
      if (this.inFlight === 0 && (await this.queuesEmpty()) && this.inFlight === 0 && this.activity === activity) return;
      if (Date.now() > deadline) {
        const errors = this.pollErrors.length ? `; polling failed: ${this.pollErrors.slice(-1)[0]}` : '';
        throw new RouterNotSettledError(`the function queues did not drain within ${options.timeoutMs ?? 60_000} ms${errors}`);
      }
      await sleep(POLL_INTERVAL_MS, undefined, { signal: options.signal });
    }
  }

  private async queuesEmpty(): Promise<boolean> {
    for (const route of this.routes) {
      const { Attributes = {} } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: route.queueUrl, AttributeNames: [...BACKLOG_ATTRIBUTES] }));
      if (BACKLOG_ATTRIBUTES.some((name) => Number(Attributes[name] ?? 0) > 0)) return false;
    }
    return true;
  }

  private async poll(route: Route): Promise<void> {
    while (!this.stopped) {
      let message: Message | undefined;
      try {
        const received = await this.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: route.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
        );
        message = received.Messages?.[0];
      } catch (err) {
        this.pollErrors.push(`${route.function}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!message) {
        await sleep(POLL_INTERVAL_MS);
        continue;
      }
      this.inFlight++;
      this.activity++;
      try {
        await this.handle(route, message);
      } catch (err) {
        this.pollErrors.push(`${route.function}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.inFlight--;
        this.activity++;
      }
    }
  }

  private async handle(route: Route, message: Message): Promise<void> {
    const body = message.Body ?? '';
    const attempt = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    const delivery: Delivery = { function: route.function, queueUrl: route.queueUrl, body };
    const options = { via: route.via, attempt, delivery };
    let record: InvocationRecord;
    try {
      record = await this.runner.invoke(route.function, route.toEvent(body), options);
    } catch (err) {
      // The message could not even become an event: no retry can fix that.
      record = this.runner.undeliverable(route.function, String(err), options);
    }
    if (record.error && !record.gaveUp && attempt < MAX_ATTEMPTS) {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: route.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: RETRY_DELAY_SECONDS }));
      return;
    }
    if (record.error) record.gaveUp = true;
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: route.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
