/**
 * reconcile, every minute: bring the world to what the policy says for the states that hold
 * now. Alarm rules whose alarm is in their state run their transition and, while it holds,
 * their repeats; schedules run their latest firing while it is young enough; RDS events that
 * EventBridge never delivered are handed to the rds-events flow; a failover left open is
 * called overdue; managed replicas are followed until they serve, and reader endpoints follow
 * them. Everything goes through the same pipeline and the same units of exactly-once work as
 * the event-driven functions, so an event and a reconcile run that race change AWS once.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describeError } from '../../aws/errors';
import { logger } from '../../log';
import { latestFirings } from '../../policy/latest-firings';
import { alarmNamePatterns } from '../../policy/match';
import { runSelection, selectSignals, type Selection } from '../../runner/pipeline';
import { invocationRequest, type InvocationRequest, type LambdaContextLike } from '../../runner/request';
import type { Runtime } from '../../runner/runtime';
import { newSummary, throwIfRetryable, type InvocationSummary } from '../../runner/summary';
import { reportOnce } from '../../runner/units';
import { isRecord } from '../../signals/json';
import type { AlarmSignal, ScheduleSignal, Signal } from '../../signals/types';
import { alarmRemediationFlow } from '../alarm-remediation';
import { scheduledScalingFlow } from '../scheduled-scaling';
import { readAlarmStates, type AlarmStateNow } from './alarm-states';
import { alarmSelections, dueFirings, escalationCandidates } from './convergence';
import { escalationAlert, escalationDue } from './escalation';
import { missedRdsEvents, needsRdsEvents, RDS_EVENTS_MARK } from './missed-rds-events';
import { overdueFailoverAlert } from './overdue-failovers';
import { followReaderEndpoints } from './reader-endpoints';
import { lifecycleAlert, readLifecycle, replicaTargets } from './replica-lifecycle';

export interface ReconcileRuntime extends Runtime {
  cloudWatch: CloudWatchClient;
}

/** An EventBridge "Scheduled Event", EventBridge Scheduler's payload, or `{}`: each is a full run. */
export function isReconcileInput(event: unknown): boolean {
  if (!isRecord(event)) return false;
  if (Object.keys(event).length === 0) return true;
  return event['detail-type'] === 'Scheduled Event' && (event.source === 'aws.events' || event.source === 'aws.scheduler');
}

async function followReplicas(request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  for (const target of await replicaTargets(request)) {
    try {
      for (const event of await readLifecycle(request, target)) {
        const reported = await reportOnce(request, { signalId: `replica:${event.replica.id}`, unit: event.unit }, async () => {
          // The replica step's cooldown counts from here, when the replica serves, not from the request.
          if (event.unit === 'available') await request.ledger.restartCooldown(target, request.now().getTime());
          return lifecycleAlert(event, request.region, request.now());
        });
        if (reported.result === 'reported') summary.steps.push({ signal: `replica:${event.replica.id}`, rule: '-', step: 'alert', outcome: 'alerted', reason: reported.alerts[0]?.title ?? event.unit });
      }
    } catch (err) {
      causes.push(err);
      summary.errors.push(`replicas of ${target.id} not followed: ${describeError(err)}`);
    }
  }
}

/** RDS events since the last run that no delivery brought, through the rds-events flow; the mark moves only when all were handed over. */
async function catchUpRdsEvents(request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  if (!needsRdsEvents(request.policy)) return;
  const now = request.now();
  try {
    const failedBefore = causes.length;
    const missed = await missedRdsEvents(request);
    if (missed) {
      for (const selection of missed.selections) {
        summary.signals.push(selection.signal.id);
        await runSelection(missed.flow, selection, request, summary, causes);
      }
    }
    if (causes.length === failedBefore) await request.ledger.advanceMark(RDS_EVENTS_MARK, now.toISOString(), now);
  } catch (err) {
    causes.push(err);
    summary.errors.push(`RDS events not read: ${describeError(err)}`);
  }
}

/** Failovers whose completion never came, each said once. */
async function callOverdueFailovers(request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  try {
    for (const incident of await request.ledger.overdueIncidents(request.now())) {
      const reported = await reportOnce(request, { signalId: incident.signalId, unit: 'overdue' }, async () => overdueFailoverAlert(incident, request.region, request.now()));
      if (reported.result === 'reported') summary.steps.push({ signal: incident.signalId, rule: '-', step: 'alert', outcome: 'alerted', reason: reported.alerts[0]?.title ?? 'overdue' });
      if (reported.result === 'reported' || reported.result === 'done') await request.ledger.unwatchIncident(incident);
    }
  } catch (err) {
    causes.push(err);
    summary.errors.push(`open failovers not checked: ${describeError(err)}`);
  }
}

async function escalate(request: InvocationRequest, candidates: ReturnType<typeof escalationCandidates>, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  for (const { rule, transition } of candidates) {
    try {
      const plans = await escalationDue(request, rule, transition);
      if (!plans) continue;
      const reported = await reportOnce(request, { signalId: transition.id, unit: `escalate#${rule.name}` }, async () => escalationAlert(rule, transition, plans, request));
      if (reported.result === 'reported') summary.steps.push({ signal: transition.id, rule: rule.name, step: 'alert', outcome: 'alerted', reason: reported.alerts[0]?.title ?? 'escalated' });
    } catch (err) {
      causes.push(err);
      summary.errors.push(`escalation of ${rule.name} not decided: ${describeError(err)}`);
    }
  }
}

/** What a run acts on now, from the alarms' states and the schedules: the same for a run and for `plan`. */
export interface ReconcileWork {
  alarms: AlarmStateNow[];
  alarmWork: Selection<AlarmSignal>[];
  firings: Selection<ScheduleSignal>[];
}

export async function readReconcileWork(request: InvocationRequest, cloudWatch: CloudWatchClient): Promise<ReconcileWork> {
  const now = request.now();
  const patterns = alarmNamePatterns(request.policy).map(({ pattern }) => pattern);
  const alarms = patterns.length ? await readAlarmStates(cloudWatch, patterns) : [];
  const latest = await latestFirings(request.policy.schedules, request.firings, now);
  const { selections: firings } = await selectSignals(scheduledScalingFlow, { signals: dueFirings(request.policy, latest, now), rejected: [] }, request.policy, now);
  return { alarms, alarmWork: alarmSelections(request.policy, alarms, now, request.region), firings };
}

export async function reconcile(event: unknown, runtime: ReconcileRuntime, context?: LambdaContextLike): Promise<InvocationSummary> {
  const request = invocationRequest('reconcile', runtime, context);
  const summary = newSummary('reconcile', [], []);
  if (!isReconcileInput(event)) logger.warn('reconcile ignores its input and runs in full', { input: typeof event });
  const causes: unknown[] = [];

  const { alarms, alarmWork, firings } = await readReconcileWork(request, runtime.cloudWatch);
  summary.signals.push(...[...alarmWork, ...firings].map((s: Selection<Signal>) => s.signal.id));

  for (const selection of alarmWork) await runSelection(alarmRemediationFlow, selection, request, summary, causes);
  for (const selection of firings) await runSelection(scheduledScalingFlow, selection, request, summary, causes);
  await catchUpRdsEvents(request, summary, causes);
  await callOverdueFailovers(request, summary, causes);
  await followReplicas(request, summary, causes);
  await followReaderEndpoints(request, summary, causes);
  await escalate(request, escalationCandidates(request.policy, alarms, request.region), summary, causes);

  logger.info('reconcile summary', { ...summary, alarmsRead: alarms.length });
  throwIfRetryable(summary, causes[0]);
  return summary;
}
