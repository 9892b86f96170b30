/**
 * npm run sandbox: the embedded AWS with the sandbox world, kept up until Ctrl-C, for trying
 * the CLI (validate --check-aws, plan, invoke) by hand. Prints the environment to export.
 */
import { awsEnvironment, startEmbeddedAws } from '../infra/local/moto';
import { buildSandboxWorld } from '../infra/local/sandbox';
import { start as startSlackCapture } from '../infra/local/slack-capture';

async function main(): Promise<void> {
  const aws = await startEmbeddedAws();
  const slack = await startSlackCapture();
  const stop = async () => {
    await slack.close();
    await aws.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const env = { ...awsEnvironment(aws.endpoint), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  Object.assign(process.env, env);
  const world = await buildSandboxWorld({ slackWebhookUrl: `${slack.url}/services/T0SANDBOX/B0SANDBOX/sandbox` });
  const exports = {
    ...env,
    ALERT_TOPIC_ARN: world.topicArn,
    LEDGER_TABLE: world.ledgerTable,
    SLACK_WEBHOOK_PARAMETER: world.slackParameter,
  };
  console.log('The sandbox world is up (web-asg, app-db, orders-aurora, alarms, topic, ledger). In another shell:\n');
  for (const [name, value] of Object.entries(exports)) console.log(`export ${name}=${value}`);
  console.log(`\nAlerts are readable from ${world.alertQueueUrl}; Slack posts land on ${slack.url}. Ctrl-C stops everything.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
