/**
 * alarm-remediation's data flow: parse (any alarm shape → AlarmSignal) → match rules →
 * run each rule's steps through the guards → report every outcome.
 */
import { consoleLinks } from '../alerts/links';
import type { Alert } from '../model/alert';
import type { AlertStep } from '../actions/steps';
import { logger } from '../log';
import { matchAlarmRules } from '../policy/match';
import { parseAlarmInput } from '../signals/alarm';
import type { AlarmSignal } from '../signals/types';
import { hasNews, reportOutcomes, reportRejections } from '../runner/report';
import { runRule } from '../runner/run-rule';
import { accountOf, runDependencies, type Runtime } from '../runner/runtime';
import { newSummary, recordOutcomes, throwIfRetryable, type InvocationSummary } from '../runner/summary';
import { alarmResource, describeSignal, triggerOf } from '../runner/triggers';

const FUNCTION = 'alarm-remediation';

/**
 * ALARM opens an incident, OK closes it: both carry `alarm:<name>@<when it went ALARM>`,
 * so a chat thread or an inbox can pair them.
 */
async function alarmIncident(signal: AlarmSignal, runtime: Runtime): Promise<string> {
  const key = `alarm:${signal.alarmName}`;
  if (signal.state === 'ALARM') {
    const open = await runtime.ledger.openIncident({ key, openedAt: signal.time, signalId: signal.id, details: {} }, runtime.now());
    return `${key}@${open.openedAt}`;
  }
  if (signal.state === 'OK') {
    const closed = await runtime.ledger.closeIncident(key);
    return `${key}@${closed?.openedAt ?? signal.time}`;
  }
  return `${key}@${signal.time}`;
}

function alarmAlert(signal: AlarmSignal, step: AlertStep, incident: string, runtime: Runtime): Alert {
  const resource = alarmResource(signal.alarmName, signal.alarmArn);
  return {
    version: 1,
    kind: 'alert',
    severity: step.severity,
    title: step.title ?? `Alarm ${signal.alarmName} is ${signal.state}`,
    summary: `${describeSignal(signal)}: ${signal.reason}`,
    incident,
    resource,
    trigger: triggerOf(signal),
    links: consoleLinks(resource, signal.region ?? runtime.region),
    time: signal.time,
  };
}

export async function remediateAlarms(event: unknown, runtime: Runtime, context?: { invokedFunctionArn?: string }): Promise<InvocationSummary> {
  const { signals, rejected } = parseAlarmInput(event);
  const summary = newSummary(FUNCTION, signals, rejected);
  await reportRejections(FUNCTION, rejected, runtime);
  const deps = runDependencies(runtime, accountOf(context));

  for (const signal of signals) {
    const rules = matchAlarmRules(runtime.policy, signal);
    logger.info('alarm state change', { alarm: signal.alarmName, state: signal.state, via: signal.via, rules: rules.map((r) => r.name) });
    for (const rule of rules) {
      const outcomes = await runRule(rule, signal.id, deps);
      recordOutcomes(summary, signal, outcomes);
      if (!hasNews(outcomes)) continue;
      const incident = await alarmIncident(signal, runtime);
      await reportOutcomes(outcomes, signal, incident, runtime, (step) => alarmAlert(signal, step, incident, runtime));
    }
  }
  logger.info('invocation summary', { ...summary });
  throwIfRetryable(summary);
  return summary;
}
