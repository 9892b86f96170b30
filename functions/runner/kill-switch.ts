/**
 * The kill switch: an SSM parameter whose value "true" pauses every mutation. Read when a
 * change is due, at most once per invocation, so flipping it takes effect on the next event.
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export function killSwitchReader(ssm: SSMClient, parameter: string): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () =>
    (answer ??= ssm.send(new GetParameterCommand({ Name: parameter })).then(
      (found) => found.Parameter?.Value?.trim().toLowerCase() === 'true',
      (err: Error) => {
        // No parameter means nobody paused us. Any other failure must not be read as "not paused".
        if (err.name === 'ParameterNotFound') return false;
        answer = undefined;
        throw err;
      },
    ));
}
