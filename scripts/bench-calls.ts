/**
 * The AWS calls one guarded capacity change costs, counted by the project's proxy on the
 * embedded AWS: exactly once (claim), the resource slot, the read, the kill switch, budget
 * with intent, the change, the report, the settlement with its audit record, the incident.
 */
import { remediateAlarms } from '../functions/flows/alarm-remediation';
import { createClients } from '../functions/aws/clients';
import { dynamoDbLedger } from '../functions/ledger/dynamodb/dynamodb-ledger';
import { parsePolicyText } from '../functions/policy/load';
import { alarmStateChange } from '../infra/local/alarm-events';
import { startFaultProxy } from '../infra/local/fault-proxy';
import { awsEnvironment, LOCAL_REGION, startEmbeddedAws } from '../infra/local/moto';
import { buildSandboxWorld } from '../infra/local/sandbox';
import { targetResolverFor } from '../functions/runner/runtime';

const POLICY = 'version: 1\nrules:\n  - { name: web-scale-out, on: { alarm: web-cpu-high }, do: [{ scaleAutoScalingGroup: { group: web-asg, by: 1 } }] }\n';

async function main(): Promise<void> {
  const aws = await startEmbeddedAws();
  try {
    Object.assign(process.env, awsEnvironment(aws.endpoint));
    const world = await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/hooks/bench' });
    const proxy = await startFaultProxy(aws.endpoint);
    const clients = createClients({ endpoint: proxy.url });
    const policy = parsePolicyText(POLICY, 'bench policy');
    const runtime = { policy, firings: {}, resolver: targetResolverFor(policy), clients, ledger: dynamoDbLedger(clients.ledger, world.ledgerTable), topicArn: world.topicArn, region: LOCAL_REGION, now: () => new Date() };
    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date()), runtime);
    const calls = [...proxy.seen.entries()];
    const total = calls.reduce((sum, [, n]) => sum + n, 0);
    console.log(`one guarded capacity change (${summary.steps[0]?.outcome}): ${total} AWS calls — ${calls.map(([action, n]) => `${action} ${n}`).join(', ')}`);
    await proxy.close();
  } finally {
    await aws.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
