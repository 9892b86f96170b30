/** Publishes what an invocation decided: one alert per rejected input, per action and per alert step. */
import { consoleLinks } from '../alerts/links';
import type { Alert, TriggerRef } from '../model/alert';
import type { AlertStep } from '../actions/steps';
import { logger } from '../log';
import type { Rejection, Signal } from '../signals/types';
import { buildActionAlert } from './action-alert';
import { deliverAlert } from './deliver';
import type { StepOutcome } from './run-rule';
import type { Runtime } from './runtime';

/** Builds the alert an `alert` step publishes, or undefined when the flow already published it. */
export type AlertStepRenderer = (step: AlertStep) => Alert | undefined;

export async function reportOutcomes(outcomes: StepOutcome[], signal: Signal, incident: string, runtime: Runtime, renderAlertStep: AlertStepRenderer): Promise<void> {
  for (const outcome of outcomes) {
    const stepRef = `${outcome.rule}#${outcome.index}`;
    if (outcome.kind === 'action') {
      await deliverAlert(buildActionAlert(outcome, signal, incident, runtime.region, runtime.now()), runtime, { signalId: signal.id, stepRef });
    } else if (outcome.kind === 'alert') {
      const alert = renderAlertStep(outcome.step);
      if (alert) await deliverAlert(alert, runtime, { signalId: signal.id, stepRef });
    } else {
      logger.info('duplicate delivery: step not run again', { signal: signal.id, rule: outcome.rule, step: outcome.index, reason: outcome.reason });
    }
  }
}

/** What each function listens to, so a rejection says which kind of trigger it failed to be. */
const TRIGGER_KIND_OF: Record<string, TriggerRef['kind']> = {
  'alarm-remediation': 'alarm',
  'rds-events': 'rds-event',
  'scheduled-scaling': 'schedule',
};

export function rejectionAlert(functionName: string, rejection: Rejection, runtime: Runtime): Alert {
  const resource = { type: 'function' as const, id: functionName };
  return {
    version: 1,
    kind: 'alert',
    severity: 'warning',
    title: `Rejected input: ${rejection.shape}`,
    summary: `${functionName} cannot handle this input and took no action: ${rejection.reason}`,
    incident: `rejected:${functionName}`,
    resource,
    trigger: { kind: TRIGGER_KIND_OF[functionName] ?? 'alarm', id: 'rejected', name: rejection.shape },
    links: consoleLinks(resource, runtime.region),
    time: runtime.now().toISOString(),
  };
}

/** Unsupported input: a clear log line and a report, never a throw (a throw would only make Lambda retry it). */
export async function reportRejections(functionName: string, rejected: Rejection[], runtime: Runtime): Promise<void> {
  for (const rejection of rejected) {
    logger.warn('input rejected: not a supported event, no action taken', { shape: rejection.shape, reason: rejection.reason });
    await deliverAlert(rejectionAlert(functionName, rejection, runtime), runtime);
  }
}

export function hasNews(outcomes: StepOutcome[]): boolean {
  return outcomes.some((o) => o.kind !== 'duplicate');
}
