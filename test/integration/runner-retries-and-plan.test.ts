/**
 * The runner between AWS (the embedded one) and a ledger that fails on demand (the in-memory
 * double: the emulator cannot lose an answer after a write): what a retry does after each kind
 * of lost answer, the order of the guards, and that `plan` reaches the decision a run reaches.
 */
import type { MutatingStep } from '../../functions/actions/registry';
import { alarmRemediationFlow, remediateAlarms } from '../../functions/flows/alarm-remediation';
import { planSelection, runSelection } from '../../functions/runner/pipeline';
import { planStep } from '../../functions/runner/plan-step';
import { invocationRequest } from '../../functions/runner/request';
import { runMutatingStep } from '../../functions/runner/run-step';
import type { Runtime } from '../../functions/runner/runtime';
import { newSummary } from '../../functions/runner/summary';
import type { AlarmSignal } from '../../functions/signals/types';
import { alarmStateChange } from '../support/alarm-events';
import { memoryLedger, type LedgerMethod, type MemoryLedger } from '../support/memory-ledger';
import { setUpWorld, type TestWorld } from '../support/world';
import { desired } from '../support/aws-reads';


const scaleOut = (settings: object = {}) => ({
  version: 1,
  settings,
  rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1, cooldown: 300 } }] }],
});

describe('the runner with a ledger that loses answers', () => {
  let world: TestWorld;
  let ledger: MemoryLedger;
  let runtime: Runtime;
  beforeEach(async () => {
    world = await setUpWorld();
    ledger = memoryLedger();
    runtime = { ...world.runtime(scaleOut()), ledger };
  });

  const lost: [LedgerMethod, string][] = [
    ['claim', 'the claim was written, its answer lost'],
    ['takeSlot', 'the slot was taken, its answer lost'],
    ['recordIntent', 'the intent (and the budget) were recorded, the answer lost'],
    ['settle', 'the step was settled, the answer lost'],
  ];

  it.each(lost)('changes AWS once and reports once when %s fails after applying (%s), across Lambda retries', async (method) => {
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:00:00Z'));
    const context = { awsRequestId: `request-${method}` };
    ledger.failNext(method, { after: true });

    const first = await remediateAlarms(event, runtime, context).catch((err: Error) => err);
    const retry = await remediateAlarms(event, runtime, context).catch((err: Error) => err);
    const again = await remediateAlarms(event, runtime, { awsRequestId: 'another-delivery' });

    expect(ledger.armed()).toEqual([]);
    expect(await desired()).toBe(3);
    expect(retry).not.toBeInstanceOf(Error);
    expect(again.steps[0]).toMatchObject({ outcome: 'duplicate' });
    const done = (await world.readAlerts()).filter((a) => a.action?.outcome === 'done');
    expect(new Set(done.map((a) => a.id))).toEqual(new Set([done[0]?.id]));
    expect(first instanceof Error || first.steps[0]?.outcome === 'done').toBe(true);
  });

  it('carries out a relative step once when the change landed but its answer was lost (no second +1)', async () => {
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:05:00Z'));
    const context = { awsRequestId: 'lost-set-desired' };
    const faulty: Runtime = { ...runtime, clients: { ...runtime.clients, autoScaling: lossy(runtime.clients.autoScaling, 'SetDesiredCapacityCommand') } };

    await expect(remediateAlarms(event, faulty, context)).rejects.toThrow(/will be retried/);
    const retry = await remediateAlarms(event, runtime, context);

    expect(await desired()).toBe(3);
    expect(retry.steps[0]).toMatchObject({ outcome: 'done' });
  });

  it('changes nothing when another step took the group over while this one decided (its lease ran out), and its retry decides afresh', async () => {
    const event = alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T09:10:00Z'));
    const context = { awsRequestId: 'slot-taken-over' };
    const group = { type: 'auto-scaling-group' as const, id: 'web-asg' };
    const takenOver: Runtime = {
      ...runtime,
      ledger: {
        ...ledger,
        // Between the decision and the intent, another unit finds this one's lease over and takes the slot.
        recordIntent: async (...args) => {
          await ledger.takeSlot(group, 'alarm:web-cpu-high:ALARM:other#web-scale-out#0', 0, new Date(Date.now() + 121_000));
          return ledger.recordIntent(...args);
        },
      },
    };

    await expect(remediateAlarms(event, takenOver, context)).rejects.toThrow(/another step took over web-asg while this one decided; left for a retry/);
    expect(await desired()).toBe(2);
    expect(await ledger.budgetSpent(new Date())).toBe(0);

    // The other unit is done with the group: the retry takes the slot and decides on a fresh read.
    const other = { signalId: 'alarm:web-cpu-high:ALARM:other', unit: 'web-scale-out#0' };
    await ledger.claim(other, 'other', new Date());
    await ledger.settle(other, 'other', { then: 'done', outcome: 'skipped', reports: [], published: true, release: { resource: group, changed: false } }, new Date());
    const retry = await remediateAlarms(event, runtime, context);
    expect(retry.steps[0]).toMatchObject({ outcome: 'done' });
    expect(await desired()).toBe(3);
  });
});

/** A client whose `command` reaches AWS but whose answer is replaced by a 5xx. */
function lossy<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C, command: string): C {
  const send = client.send.bind(client) as (cmd: { constructor: { name: string } }) => Promise<unknown>;
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (cmd: { constructor: { name: string } }) => {
        const answer = await send(cmd);
        if (cmd.constructor.name === command) throw Object.assign(new Error('answer lost'), { name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } });
        return answer;
      };
    },
  });
}

describe('guards in order, and plan agrees with the run', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await setUpWorld();
  });

  const signal: AlarmSignal = { kind: 'alarm', id: 'alarm:web-cpu-high:ALARM:2026-11-24T10:00:00.000Z', time: '2026-11-24T10:00:00.000Z', via: 'eventbridge', alarmName: 'web-cpu-high', state: 'ALARM', reason: '' };
  const step = (options: object = {}): MutatingStep => ({ type: 'scaleAutoScalingGroup', options: { group: 'web-asg', by: 1, cooldown: 300, ...options } });

  /** One state of the world, planned and then run; the two must agree. */
  async function planThenRun(settings: object, prepare: (ledger: MemoryLedger) => Promise<void> | void, options?: object) {
    const ledger = memoryLedger();
    const runtime = { ...world.runtime(scaleOut(settings)), ledger };
    await prepare(ledger);
    const request = invocationRequest('alarm-remediation', runtime);
    const planned = await planStep(request, signal, 'web-scale-out', 0, step(options));
    await prepare(ledger);
    const ran = await runMutatingStep({ request, signal, rule: 'web-scale-out', index: 0, incident: async () => 'incident' }, step(options));
    return { planned, ran };
  }

  const verdictOf = (ran: Awaited<ReturnType<typeof runMutatingStep>>) => {
    if (ran.kind !== 'action') return { verdict: ran.kind };
    if (ran.report.outcome === 'done') return { verdict: 'would-change' };
    if (ran.report.outcome === 'failed') return { verdict: 'cannot-decide' };
    return { verdict: 'would-skip', heldBy: ran.report.heldBy };
  };

  it.each([
    ['nothing holds it', {}, () => undefined, 'would-change', undefined],
    ['the resource is in its cooldown', {}, (l: MemoryLedger) => void l.slots.set('resource#auto-scaling-group#web-asg', { lastChangeAt: Date.now() - 10_000 }), 'would-skip', 'cooldown'],
    ['dry run', { dryRun: true }, () => undefined, 'would-skip', 'dry-run'],
    ['the budget is spent', { maxActionsPerHour: 0 }, () => undefined, 'would-skip', 'budget'],
    ['dry run and a spent budget: dry run comes first', { dryRun: true, maxActionsPerHour: 0 }, () => undefined, 'would-skip', 'dry-run'],
  ] as const)('%s', async (_label, settings, prepare, verdict, heldBy) => {
    const { planned, ran } = await planThenRun(settings, prepare);

    expect(planned).toMatchObject({ verdict, ...(heldBy ? { heldBy } : {}) });
    expect({ verdict: planned.verdict, heldBy: planned.heldBy }).toEqual({ verdict, heldBy });
    expect(verdictOf(ran)).toEqual(heldBy ? { verdict, heldBy: heldBy === 'dry-run' ? 'dry-run' : heldBy } : { verdict });
    await world.readAlerts();
  });

  it('the kill switch holds before dry run and the budget', async () => {
    await world.setKillSwitch('true');
    const { planned, ran } = await planThenRun({ dryRun: true, maxActionsPerHour: 0 }, () => undefined);

    expect(planned).toMatchObject({ verdict: 'would-skip', heldBy: 'kill-switch' });
    expect(verdictOf(ran)).toEqual({ verdict: 'would-skip', heldBy: 'kill-switch' });
    expect(await desired()).toBe(2);
  });

  it('a ledger that cannot be read: plan cannot decide, and the run changes nothing and is retried', async () => {
    const { planned, ran } = await planThenRun({}, (ledger) => {
      ledger.failNext('readSlot');
      ledger.failNext('takeSlot');
    });

    expect(planned).toMatchObject({ verdict: 'cannot-decide', awsUnavailable: true });
    expect(ran).toMatchObject({ kind: 'action', retryable: true, report: { outcome: 'failed' } });
    expect(await desired()).toBe(2);
  });

  it('a step a run has finished: plan says a run would call it a duplicate, as the run then does', async () => {
    const ledger = memoryLedger();
    const runtime = { ...world.runtime(scaleOut({})), ledger };
    const selection = { signal, rules: [{ name: 'web-scale-out', do: [step()] }], notes: [] };
    await runSelection(alarmRemediationFlow, selection, invocationRequest('alarm-remediation', runtime), newSummary('alarm-remediation', [], []), []);
    expect(await desired()).toBe(3);

    const [planned] = await planSelection(selection, invocationRequest('alarm-remediation', runtime));
    const again = newSummary('alarm-remediation', [], []);
    await runSelection(alarmRemediationFlow, selection, invocationRequest('alarm-remediation', runtime), again, []);

    expect(planned?.steps).toEqual([expect.objectContaining({ verdict: 'would-skip', reason: expect.stringContaining('duplicate') })]);
    expect(again.steps).toEqual([expect.objectContaining({ outcome: 'duplicate' })]);
    expect(await desired()).toBe(3);
    await world.readAlerts();
  });
});
