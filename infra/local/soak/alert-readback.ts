/** Everything the alert topic received, read back from its SQS subscription. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Alert } from '../../../functions/model/alert';

export async function drainAlerts(sqs: SQSClient, queueUrl: string): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!Messages.length) return alerts;
    for (const message of Messages) alerts.push(JSON.parse(message.Body ?? '{}') as Alert);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
  }
}
