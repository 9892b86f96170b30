/**
 * npm run soak: the exactly-once soak and the fuzz soak on a fresh embedded AWS, one line of
 * figures each. Options: --groups 100 --deliveries 20 --containers 4 --in-flight 16
 * --faults 0.2 --fuzz 1000 --seed <n>. Exits 1 when a figure breaks the promise.
 */
import { parseArgs } from 'node:util';
import { awsEnvironment, startEmbeddedAws } from '../infra/local/moto';
import { soakExactlyOnce } from '../infra/local/soak/exactly-once';
import { soakFuzz } from '../infra/local/soak/fuzz';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      groups: { type: 'string', default: '100' },
      deliveries: { type: 'string', default: '20' },
      containers: { type: 'string', default: '4' },
      'in-flight': { type: 'string', default: '16' },
      faults: { type: 'string', default: '0.2' },
      fuzz: { type: 'string', default: '1000' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    },
  });
  const seed = Number(values.seed);
  const aws = await startEmbeddedAws();
  try {
    Object.assign(process.env, awsEnvironment(aws.endpoint));
    const once = await soakExactlyOnce({
      groups: Number(values.groups),
      deliveriesPerTransition: Number(values.deliveries),
      containers: Number(values.containers),
      inFlight: Number(values['in-flight']),
      faultRate: Number(values.faults),
      seed,
    });
    const faults = Object.entries(once.faults).map(([kind, n]) => `${kind} ${n}`).join(', ');
    console.log(
      `soak (seed ${seed}): ${once.groups} groups, ${once.deliveries} deliveries, ${Number(values.faults) * 100}% faults (${faults}): ` +
        `changed once ${once.changedOnce}/${once.groups}, doubled ${once.doubled}, lost ${once.lost}, done alerts ${once.doneAlerts} (+${once.doneAlertCopies} copies), ` +
        `invocations failed after retries ${once.failedInvocations}, ${once.seconds.toFixed(0)} s`,
    );
    const fuzz = await soakFuzz(Number(values.fuzz), seed);
    console.log(
      `fuzz (seed ${seed}): ` + fuzz.map((f) => `${f.function} ${f.inputs} inputs: ${f.throws} throws, ${f.awsChanges} AWS changes, ${f.rejected} rejected, ${f.rejectionAlerts} reported`).join('; '),
    );
    for (const f of fuzz) for (const thrown of f.thrown) console.log(`  ${f.function} threw: ${thrown}`);
    const held = once.changedOnce === once.groups && once.doneAlerts === once.groups && fuzz.every((f) => f.throws === 0 && f.awsChanges === 0 && f.rejectionAlerts === f.rejected);
    return held ? 0 : 1;
  } finally {
    await aws.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
