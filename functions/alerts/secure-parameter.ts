/** Reads an SSM SecureString for slack-notifier (webhook URL or bot token): one SSM client per container. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig } from '../aws/client-config';

let ssm: SSMClient | undefined;

/** The decrypted value, trimmed; empty when the parameter holds nothing. */
export async function readSecureParameter(name: string): Promise<string> {
  ssm ??= new SSMClient(clientConfig());
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  return Parameter?.Value?.trim() ?? '';
}
