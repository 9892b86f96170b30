/**
 * SNS-to-Lambda needs Docker in the embedded AWS, so the alert topic delivers to an SQS queue
 * (without raw delivery) and the demo hands slack-notifier what Lambda would: an SNS event
 * whose record carries the notification. The queue message is SNS's JSON envelope; the
 * Lambda record holds the same fields, two of them spelt differently (SigningCertUrl,
 * UnsubscribeUrl). The topic publishes with MessageStructure json, so the queue received the
 * `sqs` key where Lambda would get the `lambda` key; the alert contract makes them the same JSON.
 */
import type { SNSEvent, SNSMessageAttributes } from 'aws-lambda';

interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL: string;
  MessageAttributes?: SNSMessageAttributes;
}

function isEnvelope(value: unknown): value is SnsEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { Type, MessageId, TopicArn, Message } = value as Record<string, unknown>;
  return Type === 'Notification' && [MessageId, TopicArn, Message].every((field) => typeof field === 'string');
}

export function snsEventFromEnvelope(body: string, subscriptionArn: string): SNSEvent {
  const envelope: unknown = JSON.parse(body);
  if (!isEnvelope(envelope)) throw new Error('the queue message is not an SNS notification envelope (is RawMessageDelivery on?)');
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: envelope.Type,
          MessageId: envelope.MessageId,
          TopicArn: envelope.TopicArn,
          ...(envelope.Subject !== undefined ? { Subject: envelope.Subject } : {}),
          Message: envelope.Message,
          Timestamp: envelope.Timestamp,
          SignatureVersion: envelope.SignatureVersion,
          Signature: envelope.Signature,
          SigningCertUrl: envelope.SigningCertURL,
          UnsubscribeUrl: envelope.UnsubscribeURL,
          MessageAttributes: envelope.MessageAttributes ?? {},
        },
      },
    ],
  };
}
