'use strict';
/**
 * serverless.yml reads what it derives from the policy through here:
 *   ${file(./infra/stack-config.js):events.alarmRemediation}   the function's EventBridge events
 *   ${file(./infra/stack-config.js):resources}                 roles, failure queues, alarms, schedules
 * osls calls each export with ({ options, resolveVariable }). The derivation itself is
 * TypeScript (infra/stack/config.ts), loaded through tsx so there is no build step for it.
 */
const path = require('node:path');
const { register } = require('tsx/cjs/api');

const tsx = register({ namespace: 'ops-autopilot-stack-config' });
const { stackConfigFromFile } = tsx.require('./stack/config.ts', __filename);

const serviceDir = path.resolve(__dirname, '..');
const derived = new Map();

/** osls resolves one address at a time; derive once per set of inputs, not once per reference. */
async function stackConfig({ resolveVariable }) {
  const inputs = {
    policyFile: path.resolve(serviceDir, await resolveVariable('self:custom.policyFile')),
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    slackWebhookParameter: await resolveVariable('param:slackWebhookParameter'),
    slackBotTokenParameter: await resolveVariable('param:slackBotTokenParameter'),
    slackChannel: await resolveVariable('param:slackChannel'),
    slackKmsKeyArn: await resolveVariable('param:slackKmsKeyArn'),
  };
  const key = JSON.stringify(inputs);
  if (!derived.has(key)) derived.set(key, stackConfigFromFile(inputs));
  return derived.get(key);
}

module.exports = {
  events: async (context) => (await stackConfig(context)).events,
  resources: async (context) => (await stackConfig(context)).resources,
};
