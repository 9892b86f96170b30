/**
 * rds-events: EventBridge or SNS → RdsEventSignal → classify → pair incidents in the ledger →
 * enrich from AWS → one alert per event → the matching rules' other steps. The rules' `alert`
 * steps shape that one alert (its severity and title) instead of publishing their own.
 */
import { SEVERITIES, type ResourceRef, type Severity } from '../model/vocabulary';
import { matchRdsEventRules } from '../policy/match';
import type { AlertStep } from '../actions/steps';
import { classifyRdsEvent, type Classification } from '../signals/rds-catalog';
import { parseRdsInput } from '../signals/rds-event';
import type { RdsEventSignal } from '../signals/types';
import { alertEnvelope, triggerOf } from '../runner/alerts';
import { runInvocation, type FlowSpec, type FunctionSpec, type Incident } from '../runner/pipeline';
import type { InvocationRequest, LambdaContextLike } from '../runner/request';
import type { Runtime } from '../runner/runtime';
import { enrichRdsEvent } from './rds-enrichment';

/** A failover still open this long after its start is called overdue by reconcile; they take one to two minutes. */
const FAILOVER_OVERDUE_SECONDS = 900;

/** Start opens, end closes (and measures), progress joins: one incident id for the whole failover. */
async function pairIncident(signal: RdsEventSignal, classification: Classification, { ledger, now }: InvocationRequest): Promise<Incident> {
  const key = classification.incidentKey;
  const phase = classification.incident?.phase;
  if (phase === 'start' || phase === 'progress') {
    const overdueAt = classification.incident?.kind === 'failover' ? { overdueAt: new Date(Date.parse(signal.time) + FAILOVER_OVERDUE_SECONDS * 1000).toISOString() } : {};
    const details = { eventId: signal.eventId, sourceType: signal.sourceType };
    const open = await ledger.openIncident({ key, openedAt: signal.time, signalId: signal.id, details, ...overdueAt }, now());
    return { id: `${key}@${open.openedAt}` };
  }
  if (phase === 'end') {
    const opened = await ledger.closeIncident(key, signal.id, now());
    if (!opened) return { id: `${key}@${signal.time}`, details: { incidentStartSeen: false } };
    const seconds = Math.max(0, Math.round((Date.parse(signal.time) - Date.parse(opened.openedAt)) / 1000));
    return { id: `${key}@${opened.openedAt}`, details: { [`${classification.incident?.kind}DurationSeconds`]: seconds, startedAt: opened.openedAt } };
  }
  return { id: `${key}@${signal.time}` };
}

function resourceOf(signal: RdsEventSignal): ResourceRef {
  return { type: signal.sourceType === 'db-cluster' ? 'rds-cluster' : 'rds-instance', id: signal.sourceId, ...(signal.sourceArn ? { arn: signal.sourceArn } : {}) };
}

function severest(levels: Severity[]): Severity {
  return levels.reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a), 'info');
}

/** The operator's word wins, lower or higher than the event's own; with several rules, the severest of theirs. */
function severityOf(classification: Classification, alertSteps: AlertStep[]): Severity {
  return alertSteps.length ? severest(alertSteps.map((s) => s.severity)) : classification.severity;
}

function durationText(details: Incident['details']): string {
  const entry = Object.entries(details ?? {}).find(([k]) => k.endsWith('DurationSeconds'));
  return entry ? ` It took ${String(entry[1])} s from start to completion.` : '';
}

export const rdsEventsFlow: FlowSpec<RdsEventSignal> = {
  name: 'rds-events',
  select(signal, policy) {
    const rules = matchRdsEventRules(policy, signal);
    const classification = classifyRdsEvent(signal);
    const severity = severityOf(classification, rules.flatMap((rule) => rule.do).flatMap((s) => (s.type === 'alert' ? [s.options] : [])));
    const { title } = classification;
    const shaping = rules.filter((rule) => rule.do.some((step) => step.type === 'alert')).map((rule) => rule.name);
    const shapedBy = shaping.length ? ` (shaped by rule ${shaping.join(', ')})` : '';
    const notes = [`rds-events publishes one ${severity} alert for this event: "${title}"${shapedBy}`];
    if (!rules.length) notes.push(`no rule matches ${signal.eventId} on ${signal.sourceId}: nothing else would happen`);
    // Alert steps are folded into the event's alert; the rules keep their other steps.
    return { signal, rules: rules.map((rule) => ({ name: rule.name, do: rule.do.filter((step) => step.type !== 'alert') })), notes };
  },
  incident: (signal, request) => pairIncident(signal, classifyRdsEvent(signal), request),
  // Never reached through select, which folds alert steps into the event's alert; kept true for any caller.
  renderAlertStep: (signal, step, incident, region) => {
    const classification = classifyRdsEvent(signal);
    return alertEnvelope(
      {
        kind: 'alert',
        severity: step.severity,
        title: step.title ?? `${classification.title}: ${signal.sourceId}`,
        summary: `${classification.explain} RDS said: "${signal.message}"`,
        incident: incident.id,
        resource: resourceOf(signal),
        trigger: triggerOf(signal),
        time: signal.time,
      },
      signal.region ?? region,
    );
  },
  async signalReport(signal, _selection, incident, request) {
    const classification = classifyRdsEvent(signal);
    const matched = matchRdsEventRules(request.policy, signal);
    const alertSteps = matched.flatMap((r) => r.do).flatMap((s) => (s.type === 'alert' ? [s.options] : []));
    const enrichment = classification.incident ? await enrichRdsEvent(request.clients.rds, signal) : {};
    return alertEnvelope(
      {
        id: `${signal.id}#event`,
        kind: 'alert',
        severity: severityOf(classification, alertSteps),
        title: alertSteps.find((s) => s.title)?.title ?? `${classification.title}: ${signal.sourceId}`,
        summary: `${classification.explain}${durationText(incident.details)} RDS said: "${signal.message}"`,
        incident: incident.id,
        resource: resourceOf(signal),
        trigger: triggerOf(signal),
        time: signal.time,
        details: { ...enrichment, ...incident.details, eventId: signal.eventId, category: classification.category },
      },
      signal.region ?? request.region,
    );
  },
};

export const rdsEvents: FunctionSpec<RdsEventSignal> = { flow: rdsEventsFlow, parse: (event) => parseRdsInput(event) };

export const alertRdsEvents = (event: unknown, runtime: Runtime, context?: LambdaContextLike) => runInvocation(rdsEvents, event, runtime, context);
