/**
 * Every alert the functions publish is built here: one envelope (version, region-aware links,
 * a stable id) and the three kinds of content — a step's action report, a rejected input, and
 * whatever a function's spec renders for its signals. Pure.
 */
import { consoleLinks } from '../alerts/links';
import type { Alert, TriggerRef } from '../model/alert';
import type { ActionReport, HeldBy, ResourceRef, Severity } from '../model/vocabulary';
import type { PolicyFunction } from '../function-names';
import { TRIGGER_KIND_OF } from '../function-names';
import { boundText } from '../signals/bounds';
import type { Rejection, Signal } from '../signals/types';

export type AlertContent = Omit<Alert, 'version' | 'links'>;

/** The one alert envelope. */
export function alertEnvelope(content: AlertContent, region: string): Alert {
  return { version: 1, ...content, links: consoleLinks(content.resource, region) };
}

export function triggerOf(signal: Signal): TriggerRef {
  switch (signal.kind) {
    case 'alarm':
      return { kind: 'alarm', id: signal.id, name: signal.alarmName, state: signal.state };
    case 'rds-event':
      return { kind: 'rds-event', id: signal.id, name: signal.eventId, state: signal.sourceId };
    case 'schedule':
      return { kind: 'schedule', id: signal.id, name: signal.schedule };
  }
}

export function describeSignal(signal: Signal): string {
  switch (signal.kind) {
    case 'alarm':
      return `alarm ${signal.alarmName} went ${signal.previousState ? `${signal.previousState} → ` : ''}${signal.state}`;
    case 'rds-event':
      return `${signal.eventId} on ${signal.sourceId}`;
    case 'schedule':
      return `schedule ${signal.schedule}`;
  }
}

export function alarmResource(name: string, arn?: string): ResourceRef {
  return { type: 'alarm', id: name, ...(arn ? { arn } : {}) };
}

const LABEL = { done: 'Done', skipped: 'Skipped', failed: 'Failed', 'dry-run': 'Dry run' } as const;

/** Holds a person should know about now; a cooldown is the automation working as designed. */
const HOLD_SEVERITY: Record<HeldBy, Severity> = { 'kill-switch': 'warning', budget: 'warning', 'dry-run': 'info', cooldown: 'info', busy: 'info' };

function severityOf(report: ActionReport): Severity {
  if (report.outcome === 'failed') return 'critical';
  return report.heldBy ? HOLD_SEVERITY[report.heldBy] : 'info';
}

export interface ActionAlertInput {
  id: string;
  report: ActionReport;
  resource: ResourceRef;
  signal: Signal;
  incident: string;
  time: Date;
}

export function actionAlert({ id, report, resource, signal, incident, time }: ActionAlertInput, region: string): Alert {
  return alertEnvelope(
    {
      id,
      kind: 'action',
      severity: severityOf(report),
      title: `${LABEL[report.outcome]}: ${report.type} ${resource.id}`,
      summary: `${report.reason} (rule ${report.rule}, after ${describeSignal(signal)})`,
      incident,
      resource,
      trigger: triggerOf(signal),
      action: report,
      time: time.toISOString(),
    },
    region,
  );
}

/** Input is quoted only up to a bound, so the alert always fits SNS (and its SMS line stays readable). */
export function rejectionAlert(fn: PolicyFunction, rejection: Rejection, region: string, time: Date): Alert {
  const resource: ResourceRef = { type: 'function', id: fn };
  const shape = boundText(rejection.shape);
  return alertEnvelope(
    {
      kind: 'alert',
      severity: 'warning',
      title: `Rejected input: ${shape}`,
      summary: `${fn} cannot handle this input and took no action: ${boundText(rejection.reason, 600)}`,
      incident: `rejected:${fn}`,
      resource,
      trigger: { kind: TRIGGER_KIND_OF[fn], id: 'rejected', name: shape },
      time: time.toISOString(),
    },
    region,
  );
}
