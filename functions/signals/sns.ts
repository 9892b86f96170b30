/**
 * SNS delivers to Lambda as `{ Records: [{ EventSource: 'aws:sns', Sns: { Message } }] }`, and a
 * batch may hold several records. Each record is opened on its own: a bad one becomes a
 * Rejection named `SNS record <n>` (1-based) and never hides the good ones.
 */
import { isRecord, parseJson, type JsonObject } from './json';
import type { Rejection } from './types';

export interface SnsMessage {
  /** `SNS record <n>`, the name a rejection of this record carries. */
  shape: string;
  message: JsonObject;
  topicArn?: string;
}

export function isSnsBatch(input: unknown): input is { Records: unknown[] } {
  return isRecord(input) && Array.isArray(input.Records);
}

/** What a parsed SNS message is, for a reason that says what arrived instead. */
export function describeSnsMessage(message: JsonObject): string {
  if ('AlarmName' in message) return 'a CloudWatch alarm notification';
  if ('Event Source' in message) return 'an RDS event notification';
  return `a message with keys ${Object.keys(message).join(', ') || '(none)'}`;
}

function openRecord(record: unknown, shape: string): SnsMessage | Rejection {
  if (!isRecord(record)) return { shape, reason: 'the record is not an object' };
  if (record.EventSource !== 'aws:sns') {
    return { shape, reason: `EventSource must be "aws:sns", got ${JSON.stringify(record.EventSource ?? record.eventSource ?? null)}` };
  }
  const sns = record.Sns;
  if (!isRecord(sns) || typeof sns.Message !== 'string') return { shape, reason: 'Sns.Message is missing or not a string' };
  const parsed = parseJson(sns.Message);
  if (!parsed.ok) return { shape, reason: `Sns.Message is not JSON (${parsed.error})` };
  if (!isRecord(parsed.value)) return { shape, reason: 'Sns.Message is JSON but not an object' };
  return { shape, message: parsed.value, topicArn: typeof sns.TopicArn === 'string' ? sns.TopicArn : undefined };
}

/** Each record's message, or its rejection, in record order. */
export function openSnsBatch(batch: { Records: unknown[] }): (SnsMessage | Rejection)[] {
  if (batch.Records.length === 0) return [{ shape: 'SNS batch', reason: 'Records is empty' }];
  return batch.Records.map((record, index) => openRecord(record, `SNS record ${index + 1}`));
}

export function isSnsMessage(opened: SnsMessage | Rejection): opened is SnsMessage {
  return 'message' in opened;
}
