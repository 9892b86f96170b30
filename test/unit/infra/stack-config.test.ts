import { join } from 'node:path';
import { ConfigurationError } from '../../../functions/errors';
import { loadPolicyFile } from '../../../functions/policy/load';
import { buildStackConfig } from '../../../infra/stack/config';

const policy = loadPolicyFile(join(__dirname, '../../../infra/policy.yml'));
const base = { service: 'ops-autopilot', stage: 'dev', slackWebhookParameter: '/ops-autopilot/slack-webhook' };

describe('buildStackConfig: Slack params', () => {
  it.each([
    ['a bot token parameter without a channel', { slackBotTokenParameter: '/ops-autopilot/slack-bot-token' }],
    ['a channel without a bot token parameter', { slackChannel: 'C0INCIDENTS' }],
  ])('refuses %s, naming both params', (_, params) => {
    expect(() => buildStackConfig(policy, { ...base, ...params })).toThrow(ConfigurationError);
    expect(() => buildStackConfig(policy, { ...base, ...params })).toThrow(/slackBotTokenParameter and slackChannel/);
  });

  it('gives slack-notifier the ledger table when both are set', () => {
    const { iam } = buildStackConfig(policy, { ...base, slackBotTokenParameter: '/ops-autopilot/slack-bot-token', slackChannel: 'C0INCIDENTS' });

    expect(iam['slack-notifier'].flatMap((s) => s.actions)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
  });
});
