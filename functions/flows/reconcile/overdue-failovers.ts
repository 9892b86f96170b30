/**
 * A failover whose completion never came: RDS may not send it, or the failover is stuck.
 * rds-events opens a failover incident with a deadline; once it has passed with the incident
 * still open, one critical alert in the incident's thread says so.
 */
import type { OpenIncident } from '../../ledger/ledger';
import type { Alert } from '../../model/alert';
import { alertEnvelope } from '../../runner/alerts';

function sourceOf(incident: OpenIncident): { type: 'rds-instance' | 'rds-cluster'; id: string } {
  const id = /^rds:(.+):failover$/.exec(incident.key)?.[1] ?? incident.key;
  return { type: incident.details.sourceType === 'db-cluster' ? 'rds-cluster' : 'rds-instance', id };
}

export function overdueFailoverAlert(incident: OpenIncident, region: string, now: Date): Alert {
  const source = sourceOf(incident);
  const minutes = Math.round((now.getTime() - Date.parse(incident.openedAt)) / 60_000);
  return alertEnvelope(
    {
      id: `${incident.key}@${incident.openedAt}#overdue`,
      kind: 'alert',
      severity: 'critical',
      title: `Failover of ${source.id} not completed after ${minutes} min`,
      summary: `A failover of ${source.id} started at ${incident.openedAt} and RDS has not reported its completion for ${minutes} minutes. Check the database in the RDS console; its writes may still fail.`,
      incident: `${incident.key}@${incident.openedAt}`,
      resource: source,
      trigger: { kind: 'reconcile', id: incident.signalId, name: 'failover watch', state: 'open' },
      time: now.toISOString(),
      details: { startedAt: incident.openedAt, openMinutes: minutes, ...(incident.details.eventId ? { startEvent: incident.details.eventId } : {}) },
    },
    region,
  );
}
