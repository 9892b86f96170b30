/**
 * rds-events' data flow: parse (EventBridge or SNS → RdsEventSignal) → classify → pair
 * incidents in the ledger → enrich from AWS → one alert per event → run matching rules.
 */
import { consoleLinks } from '../alerts/links';
import { SEVERITIES, type Severity } from '../model/vocabulary';
import { type Alert } from '../model/alert';
import { logger } from '../log';
import { matchRdsEventRules } from '../policy/match';
import type { RdsEventRule } from '../policy/schema';
import { classifyRdsEvent, type Classification } from '../signals/rds-catalog';
import { parseRdsInput } from '../signals/rds-event';
import type { RdsEventSignal } from '../signals/types';
import { deliverAlert } from '../runner/deliver';
import { reportOutcomes, reportRejections } from '../runner/report';
import { runRule } from '../runner/run-rule';
import { accountOf, runDependencies, type Runtime } from '../runner/runtime';
import { newSummary, recordOutcomes, throwIfRetryable, type InvocationSummary } from '../runner/summary';
import { triggerOf } from '../runner/triggers';
import { enrichRdsEvent, type Details } from './rds-enrichment';

const FUNCTION = 'rds-events';

interface Incident {
  id: string;
  details: Details;
}

/** Start opens, end closes (and measures), progress joins: one incident id for the whole failover. */
async function pairIncident(signal: RdsEventSignal, classification: Classification, runtime: Runtime): Promise<Incident> {
  const key = classification.incidentKey;
  const phase = classification.incident?.phase;
  if (phase === 'start' || phase === 'progress') {
    const open = await runtime.ledger.openIncident({ key, openedAt: signal.time, signalId: signal.id, details: { eventId: signal.eventId } }, runtime.now());
    return { id: `${key}@${open.openedAt}`, details: {} };
  }
  if (phase === 'end') {
    const opened = await runtime.ledger.closeIncident(key);
    if (!opened) return { id: `${key}@${signal.time}`, details: { incidentStartSeen: false } };
    const seconds = Math.max(0, Math.round((Date.parse(signal.time) - Date.parse(opened.openedAt)) / 1000));
    return { id: `${key}@${opened.openedAt}`, details: { [`${classification.incident?.kind}DurationSeconds`]: seconds, startedAt: opened.openedAt } };
  }
  return { id: `${key}@${signal.time}`, details: {} };
}

function severest(levels: Severity[]): Severity {
  return levels.reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a), 'info');
}

function durationText(details: Details): string {
  const entry = Object.entries(details).find(([k]) => k.endsWith('DurationSeconds'));
  return entry ? ` It took ${entry[1]} s from start to completion.` : '';
}

function eventAlert(signal: RdsEventSignal, classification: Classification, incident: Incident, enrichment: Details, rules: RdsEventRule[], runtime: Runtime): Alert {
  const alertSteps = rules.flatMap((r) => r.do).flatMap((s) => (s.type === 'alert' ? [s.options] : []));
  const resource = {
    type: signal.sourceType === 'db-cluster' ? ('rds-cluster' as const) : ('rds-instance' as const),
    id: signal.sourceId,
    ...(signal.sourceArn ? { arn: signal.sourceArn } : {}),
  };
  const details = { ...enrichment, ...incident.details, eventId: signal.eventId, category: classification.category };
  return {
    version: 1,
    kind: 'alert',
    severity: severest([classification.severity, ...alertSteps.map((s) => s.severity)]),
    title: alertSteps.find((s) => s.title)?.title ?? `${classification.title}: ${signal.sourceId}`,
    summary: `${classification.explain}${durationText(incident.details)} RDS said: "${signal.message}"`,
    incident: incident.id,
    resource,
    trigger: triggerOf(signal),
    links: consoleLinks(resource, signal.region ?? runtime.region),
    time: signal.time,
    details,
  };
}

export async function alertRdsEvents(event: unknown, runtime: Runtime, context?: { invokedFunctionArn?: string }): Promise<InvocationSummary> {
  const { signals, rejected } = parseRdsInput(event);
  const summary = newSummary(FUNCTION, signals, rejected);
  await reportRejections(FUNCTION, rejected, runtime);
  const deps = runDependencies(runtime, accountOf(context));

  for (const signal of signals) {
    if (!(await runtime.ledger.claimAlert(signal.id, runtime.now()))) {
      logger.info('duplicate RDS event: already alerted', { event: signal.id });
      summary.steps.push({ signal: signal.id, rule: '-', step: 'alert', outcome: 'duplicate', reason: 'this event was alerted before (duplicate delivery)' });
      continue;
    }
    const classification = classifyRdsEvent(signal);
    const rules = matchRdsEventRules(runtime.policy, signal);
    logger.info('RDS event', { event: signal.eventId, source: signal.sourceId, title: classification.title, rules: rules.map((r) => r.name) });
    const incident = await pairIncident(signal, classification, runtime);
    const enrichment = classification.incident ? await enrichRdsEvent(runtime.clients.rds, signal) : {};
    await deliverAlert(eventAlert(signal, classification, incident, enrichment, rules, runtime), runtime, { signalId: signal.id, stepRef: 'event' });
    summary.steps.push({ signal: signal.id, rule: rules.map((r) => r.name).join(',') || '-', step: 'alert', outcome: 'alerted', reason: classification.title });

    for (const rule of rules) {
      // The event alert above already carries the rule's alert steps: only the other steps report.
      const outcomes = (await runRule(rule, signal.id, deps)).filter((o) => o.kind !== 'alert');
      recordOutcomes(summary, signal, outcomes);
      await reportOutcomes(outcomes, signal, incident.id, runtime, () => undefined);
    }
  }
  logger.info('invocation summary', { ...summary });
  throwIfRetryable(summary);
  return summary;
}
