/** Turns a step's outcome into the action alert every mutating step publishes. Pure. */
import { consoleLinks } from '../alerts/links';
import type { Severity } from '../model/vocabulary';
import type { Alert } from '../model/alert';
import type { Signal } from '../signals/types';
import type { StepOutcome } from './run-rule';
import { describeSignal, triggerOf } from './triggers';

type ActionOutcome = Extract<StepOutcome, { kind: 'action' }>;

const LABEL = { done: 'Done', skipped: 'Skipped', failed: 'Failed', 'dry-run': 'Dry run' } as const;

/** A failed remediation needs a person; a guard that held an action back deserves a look. */
function severityOf(outcome: ActionOutcome): Severity {
  if (outcome.report.outcome === 'failed') return 'critical';
  if (outcome.report.outcome === 'skipped' && /^(paused|hourly budget)/.test(outcome.report.reason)) return 'warning';
  return 'info';
}

export function buildActionAlert(outcome: ActionOutcome, signal: Signal, incident: string, region: string, time: Date): Alert {
  const { report, resource } = outcome;
  return {
    version: 1,
    kind: 'action',
    severity: severityOf(outcome),
    title: `${LABEL[report.outcome]}: ${report.type} ${resource.id}`,
    summary: `${report.reason} (rule ${report.rule}, after ${describeSignal(signal)})`,
    incident,
    resource,
    trigger: triggerOf(signal),
    action: report,
    links: consoleLinks(resource, region),
    time: time.toISOString(),
  };
}
