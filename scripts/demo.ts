/**
 * npm run demo: a bad day for a small web shop, handled by ops-autopilot on the embedded AWS
 * through the same wiring as in AWS (EventBridge rules derived from the policy, the alert
 * topic, Slack). Each scene says what it expects and checks it against AWS and the alerts;
 * the exit code is 0 only if every expectation held. The machinery is in infra/local/demo/.
 *
 *   npm run demo                                  build, then play (report in reports/)
 *   npx tsx scripts/demo.ts --report-dir <dir>    play the current build
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MissingBundlesError } from '../infra/stack/artifacts';
import { MotoNotInstalledError } from '../infra/local/moto';
import { ConsoleReporter, consoleOptionsFor } from '../infra/local/demo/console-reporter';
import type { DemoReporter } from '../infra/local/demo/journal';
import { playDemo, type DemoResult } from '../infra/local/demo/run';
import type { Scene, Stage } from '../infra/local/demo/stage';

const ROOT = join(__dirname, '..');

/** A recorded sample event from events/. */
function sampleEvent(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, 'events', path), 'utf8'));
}

/** The replica scene 3 adds: scene 4 checks that newest-first removal takes exactly this one. */
let addedUnderPressure = '';

const reconcileOutcomes = (stage: Stage, rule: string) => stage.steps().filter((s) => s.rule === rule).map((s) => s.outcome);

export const SCENES: Scene[] = [
  {
    title: 'Morning peak: the schedule raises capacity and read replicas',
    expect: 'scheduled-scaling sets web-asg to min 4 / desired 6 / max 12 and gives app-db 2 read replicas',
    async play(stage) {
      await stage.schedule('morning-peak');
      stage.expect('setCapacity, setReadReplicas', stage.outcomes(), ['done', 'done']);
      stage.expect('web-asg desired capacity', await stage.aws.desiredCapacity('web-asg'), 6);
      stage.expect('app-db read replicas', (await stage.aws.readReplicas('app-db')).length, 2);
      stage.expect('Slack posts', stage.slackPosts().length, 2);
    },
  },
  {
    title: 'Web CPU alarm: the group scales out',
    expect: 'web-cpu-high goes to ALARM and web-scale-out adds 2 instances: desired 6 → 8',
    async play(stage) {
      await stage.waitForCooldown('web-scale-out');
      await stage.alarm('web-cpu-high', 'ALARM', [84.1, 88.7, 91.2]);
      stage.expect('web-scale-out', stage.outcomes(), ['done']);
      stage.expect('web-asg desired capacity', await stage.aws.desiredCapacity('web-asg'), 8);
      stage.expect('Slack posts', stage.slackPosts().length, 1);
    },
  },
  {
    title: 'Read pressure on app-db: one more replica, exactly once',
    expect: 'app-db-read-pressure goes to ALARM and db-add-reader adds a 3rd replica; the same event delivered again changes nothing',
    async play(stage) {
      await stage.waitForCooldown('db-add-reader');
      const before = await stage.aws.readReplicas('app-db');
      const delivered = await stage.alarm('app-db-read-pressure', 'ALARM', [2104.9, 2301.7, 2533.1, 2710.0, 2840.5]);
      await stage.redeliver(delivered);
      stage.expect('first delivery, second delivery', stage.outcomes(), ['done', 'duplicate']);
      const after = await stage.aws.readReplicas('app-db');
      stage.expect('app-db read replicas', after.length, 3);
      addedUnderPressure = after.find((id) => !before.includes(id)) ?? '';
      stage.expect('Slack posts', stage.slackPosts().length, 1);
    },
  },
  {
    title: 'Read pressure clears: a replica goes after the cooldown',
    expect: 'once db-remove-reader’s cooldown has passed, app-db-read-pressure goes OK and the newest managed replica (the one scene 3 added) is removed: 3 → 2',
    async play(stage) {
      const before = await stage.aws.readReplicas('app-db');
      const managed = await stage.aws.managedReplicas('app-db');
      await stage.waitForCooldown('db-remove-reader');
      await stage.alarm('app-db-read-pressure', 'OK', [1510.2, 1322.8, 1207.5, 1150.0, 1098.3]);
      const after = await stage.aws.readReplicas('app-db');
      stage.expect('db-remove-reader', stage.outcomes(), ['done']);
      stage.expect('app-db read replicas', after.length, 2);
      const removed = before.filter((id) => !after.includes(id));
      stage.expectThat('replica removed', removed, `${addedUnderPressure}, managed and newest`, removed.length === 1 && removed[0] === addedUnderPressure && managed.includes(addedUnderPressure));
      stage.expect('Slack posts', stage.slackPosts().length, 1);
      stage.expect('in the thread scene 3 opened', stage.threadPlacements(), ['reply']);
      stage.expect('thread roots edited to resolved', stage.slackEdits().length, 1);
    },
  },
  {
    title: 'Aurora failover: start and completion become one incident',
    expect: 'RDS-EVENT-0073 then RDS-EVENT-0071 on orders-aurora give two critical alerts sharing one incident, the second with the failover’s duration',
    async play(stage) {
      const orders = { cluster: 'orders-aurora' };
      await stage.rdsEvent({ source: orders, eventId: 'RDS-EVENT-0073', category: 'failover', message: 'Started cross AZ failover to DB instance: orders-aurora-writer' });
      await stage.pause(2_000, 'Aurora promotes a new writer; a failover takes a few seconds');
      await stage.rdsEvent({ source: orders, eventId: 'RDS-EVENT-0071', category: 'failover', message: 'Completed failover to DB instance: orders-aurora-writer' });
      const [started, completed] = stage.alerts();
      stage.expect('alert severities', stage.alerts().map((a) => a.severity), ['critical', 'critical']);
      stage.expect('incident of the completion', completed?.incident, started?.incident ?? 'the start’s incident');
      const duration = completed?.details?.failoverDurationSeconds;
      stage.expectThat('failover duration (s)', duration, 'about 2', typeof duration === 'number' && duration >= 2 && duration <= 6);
      stage.expect('Slack posts', stage.slackPosts().length, 2);
      stage.expect('Slack thread', stage.threadPlacements(), ['root', 'reply']);
      const edit = stage.slackEdits()[0]?.message.text ?? 'no chat.update';
      stage.expectThat('root edited', edit, 'resolved, with the duration', /^\[RESOLVED after \d+ s\]/.test(edit));
    },
  },
  {
    title: 'Kill switch: changes pause, then resume',
    expect: 'with /ops-autopilot/paused = "true", orders-cpu-high’s reader is reported skipped and not created; after unpausing, web-cpu-low scales in: 8 → 7',
    async play(stage) {
      await stage.setKillSwitch(true);
      await stage.alarm('orders-cpu-high', 'ALARM', [81.5, 86.0, 90.4]);
      const paused = stage.steps()[0];
      const pausedBySwitch = paused?.outcome === 'skipped' && /kill switch/.test(paused.reason);
      stage.expectThat('orders-add-reader while paused', paused && `${paused.outcome}: ${paused.reason.split(';')[0]}`, 'skipped by the kill switch', pausedBySwitch);
      stage.expect('orders-aurora readers', await stage.aws.clusterReaders('orders-aurora'), []);
      await stage.setKillSwitch(false);
      await stage.alarm('web-cpu-high', 'OK', [48.3, 37.9, 30.1]);
      await stage.waitForCooldown('web-scale-in');
      await stage.alarm('web-cpu-low', 'ALARM', [14.2, 11.8, 9.5]);
      await stage.alarm('web-cpu-low', 'OK', [24.6, 27.3, 29.0]);
      stage.expect('orders-add-reader, web-scale-in', stage.outcomes(), ['skipped', 'done']);
      stage.expect('web-asg desired capacity', await stage.aws.desiredCapacity('web-asg'), 7);
      stage.expect('Slack posts', stage.slackPosts().length, 2);
    },
  },
  {
    title: 'A malformed event is rejected, clearly',
    expect: 'an alarm event without detail.alarmName is rejected with the reason, nothing changes, and a warning reaches Slack',
    async play(stage) {
      await stage.invoke('alarm-remediation', sampleEvent('malformed/alarm-missing-name.json'), 'a hand-written "alarm" test event without detail.alarmName');
      const reasons = stage.rejections().map((r) => r.reason);
      stage.expectThat('rejected inputs', reasons, 'one, naming alarmName', reasons.length === 1 && /alarmName/.test(reasons[0] ?? ''));
      stage.expect('actions taken', stage.outcomes(), []);
      stage.expect('errors thrown', stage.errors(), []);
      stage.expect('web-asg desired capacity', await stage.aws.desiredCapacity('web-asg'), 7);
      const [warning] = stage.alerts();
      const isWarning = warning?.severity === 'warning' && warning.title.startsWith('Rejected input');
      stage.expectThat('alert', warning && `${warning.severity}: ${warning.title}`, 'a warning, "Rejected input: …"', isWarning);
      stage.expect('Slack posts', stage.slackPosts().length, 1);
    },
  },
  {
    title: 'Reconcile: the state of AWS, not the events',
    expect: 'the first reconcile run finds orders-cpu-high still in ALARM and finishes orders-add-reader, which the kill switch held: orders-aurora gets a reader; each managed replica that serves is announced once, and app-db’s join its reader endpoint',
    async play(stage) {
      const managed = await stage.aws.managedReplicas('app-db');
      await stage.reconcile();
      stage.expect('orders-add-reader', reconcileOutcomes(stage, 'orders-add-reader'), ['done']);
      stage.expect('orders-aurora readers', (await stage.aws.clusterReaders('orders-aurora')).length, 1);
      const available = stage.alerts().filter((a) => /is available/.test(a.title)).map((a) => a.resource.id);
      stage.expectThat('replicas announced available', available, 'app-db’s 2 managed replicas and the new Aurora reader', available.length === 3 && managed.every((id) => available.includes(id)));
      stage.expect('reader.app-db.demo.internal names', await stage.readerEndpoint('app-db'), [...(await stage.aws.readReplicas('app-db'))].sort());
    },
  },
  {
    title: 'Read pressure clears during a cooldown: the replica goes afterwards, out of the reader endpoint first',
    expect: 'a 3rd replica is added; the OK that follows at once is held by the cooldown; reconcile announces the replica, puts it in the reader endpoint, and once the cooldown (counted from availability) has passed takes it out of the endpoint, waits 2 × TTL and deletes it',
    async play(stage) {
      await stage.waitForCooldown('db-add-reader');
      const before = await stage.aws.readReplicas('app-db');
      await stage.alarm('app-db-read-pressure', 'ALARM', [2290.4, 2512.8, 2688.1]);
      const added = (await stage.aws.readReplicas('app-db')).find((id) => !before.includes(id)) ?? 'none';
      await stage.alarm('app-db-read-pressure', 'OK', [1380.2, 1211.6, 1104.9]);
      stage.expect('db-add-reader, db-remove-reader', stage.outcomes(), ['done', 'skipped']);
      await stage.reconcile();
      const joined = await stage.readerEndpoint('app-db');
      stage.expectThat('reader endpoint after it is available', joined, `3 names, ${added} among them`, joined.length === 3 && joined.includes(added));
      await stage.waitForCooldown('db-remove-reader');
      await stage.reconcile();
      const removal = reconcileOutcomes(stage, 'db-remove-reader');
      stage.expectThat('db-remove-reader', removal, 'skipped in the cooldown, then done once by reconcile', removal[0] === 'skipped' && removal.at(-1) === 'done' && removal.filter((o) => o === 'done').length === 1);
      stage.expect('replica announcements (once each)', stage.alerts().filter((a) => /is available/.test(a.title)).map((a) => a.resource.id), [added]);
      stage.expect('app-db read replicas', (await stage.aws.readReplicas('app-db')).sort(), [...before].sort());
      stage.expect('reader endpoint after the removal', await stage.readerEndpoint('app-db'), [...before].sort());
    },
  },
  {
    title: 'CPU stays high: reconcile repeats the scale-out to its bound, then pages a person',
    expect: 'web-cpu-high goes to ALARM and stays there: web-scale-out adds 2 (7 → 9), reconcile repeats it once its cooldown has passed (9 → 10, the step’s max), and once the alarm has held 4 s with nothing left to do, one critical alert says a person must look',
    async play(stage) {
      await stage.waitForCooldown('web-scale-out');
      await stage.alarm('web-cpu-high', 'ALARM', [86.2, 91.7, 95.3]);
      const since = Date.now();
      await stage.waitForCooldown('web-scale-out');
      await stage.reconcile();
      stage.expect('web-asg desired capacity', await stage.aws.desiredCapacity('web-asg'), 10);
      await stage.waitForCooldown('web-scale-out');
      const left = 4_300 - (Date.now() - since);
      if (left > 0) await stage.pause(left, 'web-scale-out escalates after its alarm has held 4 s');
      await stage.reconcile();
      stage.expect('web-scale-out', reconcileOutcomes(stage, 'web-scale-out').filter((o) => o === 'done').length, 2);
      const pages = stage.alerts().filter((a) => a.severity === 'critical' && a.title.startsWith('Automation can do no more'));
      stage.expect('critical pages', pages.length, 1);
      stage.expect('web-asg desired capacity at the end', await stage.aws.desiredCapacity('web-asg'), 10);
    },
  },
];

export interface RunDemoOptions {
  /** @default "reports" (git-ignored), under the repository root */
  reportDir?: string;
  /** @default the terminal: colours on a TTY unless NO_COLOR is set */
  reporter?: DemoReporter;
  signal?: AbortSignal;
}

export function runDemo(options: RunDemoOptions = {}): Promise<DemoResult> {
  return playDemo(SCENES, {
    root: ROOT,
    reportDir: options.reportDir ?? 'reports',
    reporter: options.reporter ?? new ConsoleReporter(consoleOptionsFor(process.stdout)),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Exit code: 0 when every expectation held, 1 when one did not or the demo could not run, 128 + n on a signal. */
async function main(): Promise<number> {
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for the cleanup; the guard process still stops the emulator.
    if (stoppedBy) process.exit(130);
    stoppedBy = signal;
    process.stderr.write(`\n${signal}: stopping the demo, its pollers and the embedded AWS…\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const { run } = await runDemo({ reportDir: argument('--report-dir'), signal: controller.signal });
    return run.passed ? 0 : 1;
  } catch (err) {
    if (stoppedBy) return stoppedBy === 'SIGINT' ? 130 : 143;
    console.error(err instanceof MotoNotInstalledError || err instanceof MissingBundlesError ? err.message : err);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
