/**
 * Where an alert goes in Slack's Web API mode, decided from the alert and what is known of its
 * incident's thread, with no I/O. The first alert of an incident is a new message (the thread
 * root); later ones reply in its thread. An incident closes when its alarm is back to OK
 * (`trigger.kind` alarm, `trigger.state` OK — alerts, actions and the stack's own health alarms
 * alike) or when an RDS incident ends: the alert carries a measured `…DurationSeconds`, or its
 * event is the end phase in the RDS catalogue. The closing alert replies in the thread and the
 * root is edited to show it resolved. After that, a closing alert (a second OK, the action the
 * OK triggered) still replies there, but any other alert — the alarm firing again — opens a new root.
 */
import { catalogEntry } from '../signals/rds-catalog';
import type { Alert } from '../model/alert';

export interface ThreadRoot {
  channel: string;
  /** Slack's id of the root message, the `thread_ts` of every reply. */
  ts: string;
  /** The alert the root shows, to draw it again as resolved. */
  rootAlert: Alert;
  /** When the incident closed (the closing alert's time); absent while open. */
  resolvedAt?: string;
}

export type Placement = { post: 'root' } | { post: 'reply'; threadTs: string; resolveRoot: boolean };

function measuredDuration(alert: Alert): number | undefined {
  const entry = Object.entries(alert.details ?? {}).find(([key]) => key.endsWith('DurationSeconds'));
  return typeof entry?.[1] === 'number' ? entry[1] : undefined;
}

export function closesIncident(alert: Alert): boolean {
  if (alert.trigger.kind === 'alarm') return alert.trigger.state === 'OK';
  if (alert.trigger.kind !== 'rds-event') return false;
  const eventId = alert.details?.eventId;
  return measuredDuration(alert) !== undefined || (typeof eventId === 'string' && catalogEntry(eventId)?.incident?.phase === 'end');
}

/** A root in another channel (SLACK_CHANNEL changed) is as good as unknown: a reply cannot cross channels. */
export function placeInThread(alert: Alert, root: ThreadRoot | undefined, channel: string): Placement {
  const closes = closesIncident(alert);
  if (!root || root.channel !== channel) return { post: 'root' };
  if (root.resolvedAt && !closes) return { post: 'root' };
  return { post: 'reply', threadTs: root.ts, resolveRoot: closes && !root.resolvedAt };
}

/** How long the incident lasted: what the alert measured (an RDS failover), else root to closing alert. */
export function incidentDurationSeconds(root: Alert, closing: Alert): number {
  const measured = measuredDuration(closing);
  if (measured !== undefined) return measured;
  const seconds = Math.round((Date.parse(closing.time) - Date.parse(root.time)) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
}
