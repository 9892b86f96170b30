/**
 * Waiting for the self-test's report on the listener queue, and for slack-notifier's record
 * of posting it. Both poll until their deadline or the abort signal (Ctrl-C).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { alertFromJson } from '../../alerts/alert-records';
import { alertKey, type SlackThreads } from '../../alerts/slack-threads';
import type { Alert } from '../../model/alert';
import { parseJson } from '../../signals/json';

/** SQS long polls at most 20 s; shorter keeps Ctrl-C and the deadline prompt. */
const LONG_POLL_SECONDS = 2;
const SLACK_POLL_MS = 1000;

/** The first action report on the queue whose trigger is the self-test alarm; undefined at the deadline. */
export async function waitForReport(sqs: SQSClient, queueUrl: string, alarmName: string, deadline: number, signal: AbortSignal): Promise<Alert | undefined> {
  while (Date.now() < deadline && !signal.aborted) {
    const waitSeconds = Math.max(0, Math.min(LONG_POLL_SECONDS, Math.floor((deadline - Date.now()) / 1000)));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }), { abortSignal: signal });
    for (const message of Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      const json = parseJson(message.Body ?? '');
      const alert = json.ok ? alertFromJson(json.value) : undefined;
      if (alert?.kind === 'action' && alert.trigger?.name === alarmName) return alert;
    }
    if (!Messages.length && waitSeconds === 0) await sleep(200, undefined, { signal }).catch(() => undefined);
  }
  return undefined;
}

export type SlackPost = { posted: true; ts: string } | { posted: false; status?: string };

/** slack-notifier's post record for the alert (Web API mode keeps one per alert in the ledger table). */
export async function waitForSlackPost(threads: SlackThreads, alert: Alert, deadline: number, signal: AbortSignal): Promise<SlackPost> {
  let status: string | undefined;
  while (!signal.aborted) {
    const post = await threads.post(alert.incident, alertKey(alert));
    if (post?.status === 'posted' && post.ts) return { posted: true, ts: post.ts };
    status = post?.status;
    if (Date.now() >= deadline) break;
    await sleep(SLACK_POLL_MS, undefined, { signal }).catch(() => undefined);
  }
  return { posted: false, ...(status ? { status } : {}) };
}
