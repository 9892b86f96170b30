/** The alert topic, created when missing: CreateTopic answers with the existing topic's ARN for a name already taken. */
import { CreateTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { OpsAutopilotError } from '../../errors';

export async function ensureAlertTopic(sns: SNSClient, name: string): Promise<string> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!TopicArn) throw new OpsAutopilotError(`CreateTopic ${name} answered without a TopicArn`);
  return TopicArn;
}
