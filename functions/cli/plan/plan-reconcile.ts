/**
 * `plan --reconcile`: what a reconcile run would do now, without doing it — the same reads as a
 * run (readReconcileWork, missedRdsEvents, the replica lifecycle, escalation), each step
 * planned read-only, and the announcements a run would make that the ledger has not recorded.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { escalationCandidates } from '../../flows/reconcile/convergence';
import { escalationDue } from '../../flows/reconcile/escalation';
import { missedRdsEvents } from '../../flows/reconcile/missed-rds-events';
import { readReconcileWork } from '../../flows/reconcile/reconcile';
import { readLifecycle, replicaTargets, type LifecycleEvent } from '../../flows/reconcile/replica-lifecycle';
import { planSelection, type Selection } from '../../runner/pipeline';
import type { InvocationRequest } from '../../runner/request';
import { repeatCycle } from '../../signals/repeat';
import type { Signal } from '../../signals/types';
import type { EventPlan, SignalPlan } from './plan-event';

export interface ReconcilePlan extends EventPlan {
  /** Replica alerts a run would give: each is given once, so those already given are left out. */
  replicas: { replica: string; database: string; event: LifecycleEvent['unit']; status: string }[];
  /** Rules whose alarm has held past escalateAfter with nothing more to do: a run would page once. */
  escalations: { rule: string; alarm: string; reasons: string[] }[];
}

/** Why reconcile would run this signal. */
function whyReconcile(signal: Signal): string {
  if (signal.kind === 'alarm') {
    const repeat = repeatCycle(signal.id);
    return repeat !== undefined
      ? `reconcile: repeat ${repeat} of the rule's changing steps while ${signal.alarmName} stays ${signal.state}`
      : `reconcile: ${signal.alarmName} is ${signal.state} since ${signal.time}; its transition is run (a duplicate if a delivery ran it)`;
  }
  if (signal.kind === 'schedule') return `reconcile: the latest firing of ${signal.schedule}, younger than catchUpSeconds`;
  return 'reconcile: an RDS event DescribeEvents lists since the last run';
}

async function planSignal(selection: Selection<Signal>, request: InvocationRequest): Promise<SignalPlan> {
  return { function: 'reconcile', signal: selection.signal, notes: [whyReconcile(selection.signal), ...selection.notes], rules: await planSelection(selection, request) };
}

export async function planReconcile(request: InvocationRequest, cloudWatch: CloudWatchClient): Promise<ReconcilePlan> {
  const { alarms, alarmWork, firings } = await readReconcileWork(request, cloudWatch);
  const selections: Selection<Signal>[] = [...alarmWork, ...firings, ...((await missedRdsEvents(request))?.selections ?? [])];
  const signals: SignalPlan[] = [];
  for (const selection of selections) signals.push(await planSignal(selection, request));

  const replicas: ReconcilePlan['replicas'] = [];
  for (const target of await replicaTargets(request)) {
    for (const event of await readLifecycle(request, target)) {
      if (await request.ledger.isDone({ signalId: `replica:${event.replica.id}`, unit: event.unit })) continue;
      replicas.push({ replica: event.replica.id, database: event.database.id, event: event.unit, status: event.replica.status });
    }
  }

  const escalations: ReconcilePlan['escalations'] = [];
  for (const { rule, transition } of escalationCandidates(request.policy, alarms, request.region)) {
    const plans = await escalationDue(request, rule, transition);
    if (!plans || (await request.ledger.isDone({ signalId: transition.id, unit: `escalate#${rule.name}` }))) continue;
    escalations.push({ rule: rule.name, alarm: transition.alarmName, reasons: plans.map((p) => p.reason) });
  }
  return { signals, rejected: [], replicas, escalations };
}
