/** `--stage`: the deployed stage whose resources a command names (functions/stack-names.ts). */
import { UsageError } from './errors';

/** osls stages become parts of resource names: letters, digits and dashes. */
const STAGE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

export function stageOption(command: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!STAGE.test(text)) throw new UsageError(command, `--stage must be letters, digits and dashes (at most 32), got ${JSON.stringify(text)}`);
  return text;
}
