/**
 * The Slack bot token for the Web API, from the SSM SecureString named by
 * SLACK_BOT_TOKEN_PARAMETER: read once per container, never logged, and read again after
 * Slack says it is no longer valid (it may have been rotated in SSM).
 */
import { ConfigurationError } from '../errors';
import { logger } from '../log';
import { readSecureParameter } from './secure-parameter';

/** Bot tokens start xoxb-; user and app tokens (xoxp-, xoxe-) are accepted by chat.postMessage too. */
const TOKEN_SHAPE = /^xox[a-z]-[A-Za-z0-9-]+$/;

let cached: { parameter: string; token: Promise<string> } | undefined;

export function forgetToken(): void {
  cached = undefined;
}

async function readToken(parameter: string): Promise<string> {
  const token = await readSecureParameter(parameter);
  // The value is a secret: the error names the parameter and what was expected, never the value.
  if (!TOKEN_SHAPE.test(token)) throw new ConfigurationError(`SSM parameter ${parameter} does not hold a Slack token (xoxb-…)`);
  logger.info('Slack bot token configured', { parameter, tokenType: token.slice(0, 4) });
  return token;
}

/** Read once per container; a failed read is forgotten so the next invocation tries again. */
export function botToken(parameter: string): Promise<string> {
  if (cached?.parameter !== parameter) {
    const token = readToken(parameter);
    cached = { parameter, token };
    token.catch(() => {
      if (cached?.token === token) cached = undefined;
    });
  }
  return cached.token;
}
