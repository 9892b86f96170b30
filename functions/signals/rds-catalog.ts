/**
 * What an RDS event means, from the AWS reference "Amazon RDS event categories and event
 * messages" (DB instance and DB cluster tables): a plain title, one sentence a developer
 * understands, a severity, and, for events that open or close an incident, its kind and phase.
 * Start and end of one incident kind on one source share an `incidentKey`; pairing them in
 * time is the ledger's job.
 */
import type { Severity } from '../model/vocabulary';
import { UNKNOWN_EVENT_ID_PREFIX } from './rds-event-id';
import type { RdsEventSignal } from './types';

export type IncidentKind = 'failover' | 'replication' | 'storage' | 'availability';

/**
 * `start` opens an incident and `end` closes it; `progress` happens inside an open one and
 * neither opens nor closes it (a failover that restarted, a standby promoted before DNS moved);
 * `single` is an incident on its own, with nothing to pair.
 */
export type IncidentPhase = 'start' | 'progress' | 'end' | 'single';

export interface RdsCatalogEntry {
  eventId: string;
  /** The RDS event category, as RDS writes it in EventCategories. */
  category: string;
  severity: Severity;
  title: string;
  explain: string;
  incident?: { kind: IncidentKind; phase: IncidentPhase };
}

export interface Classification extends RdsCatalogEntry {
  /** false for an event id the catalog does not list: reported as info, never part of an incident. */
  known: boolean;
  /**
   * Correlation key for alerts: `rds:<sourceId>:<incident kind>` for incident events, so a
   * failover's start and end share it; `rds:<sourceId>:<eventId>` for every other event.
   */
  incidentKey: string;
}

type EntryFields = Omit<RdsCatalogEntry, 'eventId'>;

const incident = (kind: IncidentKind, phase: IncidentPhase) => ({ incident: { kind, phase } });

const ENTRIES: Record<string, EntryFields> = {
  // Multi-AZ DB instance failover: 0013 opens, 0049 closes; 0015 comes between them.
  'RDS-EVENT-0013': {
    category: 'failover', severity: 'critical', title: 'Multi-AZ failover started', ...incident('failover', 'start'),
    explain: 'RDS is promoting the standby to primary; writes fail until the failover completes, usually within one to two minutes.',
  },
  'RDS-EVENT-0015': {
    category: 'failover', severity: 'warning', title: 'Multi-AZ failover: standby promoted, DNS moving', ...incident('failover', 'progress'),
    explain: 'The standby is now the primary, but the endpoint DNS may take a few minutes to point at it, so some connections still fail.',
  },
  'RDS-EVENT-0049': {
    category: 'failover', severity: 'info', title: 'Multi-AZ failover completed', ...incident('failover', 'end'),
    explain: 'The instance has a new primary and accepts writes again; applications must reconnect, and a new standby is built in the background.',
  },
  'RDS-EVENT-0034': {
    category: 'failover', severity: 'warning', title: 'Failover request ignored: one happened recently', ...incident('failover', 'single'),
    explain: 'RDS did not start the requested failover because the instance failed over a short time ago; nothing changed.',
  },
  'RDS-EVENT-0050': {
    category: 'failover', severity: 'warning', title: 'Multi-AZ activation started', ...incident('failover', 'start'),
    explain: 'After recovering the instance, RDS is activating the primary again in the same Availability Zone; connections may fail until it completes.',
  },
  'RDS-EVENT-0051': {
    category: 'failover', severity: 'info', title: 'Multi-AZ activation completed', ...incident('failover', 'end'),
    explain: 'The Multi-AZ activation finished and the database should be reachable again.',
  },
  'RDS-EVENT-0065': {
    category: 'failover', severity: 'info', title: 'Recovered from partial failover', ...incident('failover', 'end'),
    explain: 'A failover that did not finish has been repaired and the instance is serving normally again.',
  },
  // Aurora (and Multi-AZ DB cluster) failover: 0072/0073 open, 0071 or 0069 closes, 0070 retries.
  'RDS-EVENT-0072': {
    category: 'failover', severity: 'critical', title: 'Cluster failover started (same AZ)', ...incident('failover', 'start'),
    explain: 'A reader in the same Availability Zone is being promoted to writer; writes fail until the failover completes, usually within a minute.',
  },
  'RDS-EVENT-0073': {
    category: 'failover', severity: 'critical', title: 'Cluster failover started (cross-AZ)', ...incident('failover', 'start'),
    explain: 'A reader in another Availability Zone is being promoted to writer; writes fail until the failover completes, usually within a minute.',
  },
  'RDS-EVENT-0070': {
    category: 'failover', severity: 'warning', title: 'Cluster failover restarted: promoting previous primary', ...incident('failover', 'progress'),
    explain: 'The failover target could not take over, so RDS is promoting the previous writer again; the cluster is still failing over.',
  },
  'RDS-EVENT-0071': {
    category: 'failover', severity: 'info', title: 'Cluster failover completed', ...incident('failover', 'end'),
    explain: 'The cluster has a new writer and the cluster endpoint points at it; applications must reconnect.',
  },
  'RDS-EVENT-0069': {
    category: 'failover', severity: 'critical', title: 'Cluster failover failed', ...incident('failover', 'end'),
    explain: 'RDS could not complete the cluster failover; check the health of the cluster instances and fail over again.',
  },
  // Read replicas: 0045 and 0062 stop replication, 0046 resumes it.
  'RDS-EVENT-0045': {
    category: 'read replica', severity: 'critical', title: 'Read replica replication stopped on error', ...incident('replication', 'start'),
    explain: 'The replica stopped applying changes from its source, so its data grows stale; the event message names the error.',
  },
  'RDS-EVENT-0046': {
    category: 'read replica', severity: 'info', title: 'Read replica replication resumed', ...incident('replication', 'end'),
    explain: 'The replica applies changes from its source again (also sent when a new replica starts replicating).',
  },
  'RDS-EVENT-0057': {
    category: 'read replica', severity: 'critical', title: 'Read replica replication terminated', ...incident('replication', 'single'),
    explain: 'Replication streaming to this replica ended and will not resume by itself; the replica has to be recreated.',
  },
  'RDS-EVENT-0062': {
    category: 'read replica', severity: 'warning', title: 'Read replica replication stopped manually', ...incident('replication', 'start'),
    explain: 'Someone stopped replication on this replica, so its data grows stale until replication is started again.',
  },
  'RDS-EVENT-0063': {
    category: 'read replica', severity: 'warning', title: 'Replication from external source reset', ...incident('replication', 'single'),
    explain: 'Replication from a database outside RDS was reset, and the replica restarts from the new replication position.',
  },
  'RDS-EVENT-0202': {
    category: 'read replica', severity: 'critical', title: 'Read replica creation failed', ...incident('replication', 'single'),
    explain: 'RDS could not create the requested read replica, so the read capacity it was meant to add does not exist.',
  },
  // Storage.
  'RDS-EVENT-0007': {
    category: 'low storage', severity: 'critical', title: 'Storage full', ...incident('storage', 'single'),
    explain: 'The instance used all of its allocated storage and cannot write; allocate more storage to recover.',
  },
  'RDS-EVENT-0089': {
    category: 'low storage', severity: 'warning', title: 'Storage over 90% used', ...incident('storage', 'single'),
    explain: 'Less than 10% of the allocated storage is free; increase it before the instance runs out and stops writing.',
  },
  'RDS-EVENT-0227': {
    category: 'low storage', severity: 'critical', title: 'Aurora cluster storage almost exhausted', ...incident('storage', 'single'),
    explain: 'The Aurora storage volume is close to its size limit; reduce the data stored in the cluster.',
  },
  'RDS-EVENT-0222': {
    category: 'availability', severity: 'critical', title: 'Storage low: shutdown imminent', ...incident('storage', 'single'),
    explain: 'Free storage is so low that RDS will shut the database down to prevent corruption unless storage is increased.',
  },
  'RDS-EVENT-0224': {
    category: 'failure', severity: 'warning', title: 'Storage autoscaling reaching its maximum', ...incident('storage', 'single'),
    explain: 'A pending storage autoscaling step would reach the maximum storage threshold; raise the threshold to let storage keep growing.',
  },
  // Availability: 0004 and 0221 take the instance down, 0006 brings it back.
  'RDS-EVENT-0004': {
    category: 'availability', severity: 'warning', title: 'DB instance shut down', ...incident('availability', 'start'),
    explain: 'The database engine stopped, so connections fail until the instance restarts.',
  },
  'RDS-EVENT-0006': {
    category: 'availability', severity: 'info', title: 'DB instance restarted', ...incident('availability', 'end'),
    explain: 'The database engine started again and accepts connections.',
  },
  'RDS-EVENT-0221': {
    category: 'availability', severity: 'critical', title: 'Storage full: database shut down', ...incident('availability', 'start'),
    explain: 'The instance reached its storage-full threshold and RDS shut the database down; increase the allocated storage to bring it back.',
  },
  'RDS-EVENT-0022': {
    category: 'availability', severity: 'critical', title: 'Error restarting MySQL', ...incident('availability', 'single'),
    explain: 'The MySQL engine failed to restart; the event message holds the error.',
  },
  'RDS-EVENT-0031': {
    category: 'failure', severity: 'critical', title: 'DB instance failed', ...incident('availability', 'single'),
    explain: 'The instance failed because of an incompatible configuration or an underlying storage issue and will not recover by itself; RDS recommends a point-in-time restore.',
  },
  'RDS-EVENT-0035': {
    category: 'failure', severity: 'critical', title: 'DB instance has invalid parameters', ...incident('availability', 'single'),
    explain: 'The instance cannot start with its parameters (for example, memory set too high for the class); fix the parameter group and reboot.',
  },
  'RDS-EVENT-0036': {
    category: 'failure', severity: 'critical', title: 'DB instance in an incompatible network', ...incident('availability', 'single'),
    explain: 'Some subnets the instance needs are invalid or gone, so RDS cannot place it; fix the DB subnet group.',
  },
  'RDS-EVENT-0020': {
    category: 'recovery', severity: 'warning', title: 'DB instance recovery started', ...incident('availability', 'start'),
    explain: 'RDS is recovering the instance; how long it takes depends on the amount of data to recover.',
  },
  'RDS-EVENT-0021': {
    category: 'recovery', severity: 'info', title: 'DB instance recovery completed', ...incident('availability', 'end'),
    explain: 'Recovery of the instance finished and it is available again.',
  },
  // Worth reading in a report, but no incident.
  'RDS-EVENT-0087': {
    category: 'notification', severity: 'info', title: 'DB instance stopped',
    explain: 'The instance was stopped and stays down until it is started (RDS starts it again after seven days).',
  },
  'RDS-EVENT-0088': {
    category: 'notification', severity: 'info', title: 'DB instance started',
    explain: 'The stopped instance was started and is coming back online.',
  },
  'RDS-EVENT-0005': {
    category: 'creation', severity: 'info', title: 'DB instance created',
    explain: 'A new DB instance (for example, a read replica) was created.',
  },
  'RDS-EVENT-0003': {
    category: 'deletion', severity: 'info', title: 'DB instance deleted',
    explain: 'The DB instance was deleted.',
  },
};

/** Every catalogued event id with its meaning, for reports and documentation. */
export const RDS_CATALOG: readonly RdsCatalogEntry[] = Object.entries(ENTRIES).map(([eventId, fields]) => ({ eventId, ...fields }));

export function catalogEntry(eventId: string): RdsCatalogEntry | undefined {
  const fields = ENTRIES[eventId];
  return fields && { eventId, ...fields };
}

const MAX_TITLE_LENGTH = 80;

/** An unlisted event still reads well: the first sentence of its message, trimmed. */
function titleFromMessage(signal: RdsEventSignal): string {
  const sentence = signal.message.trim().split(/(?<=\.)\s/)[0]?.replace(/\.$/, '') ?? '';
  if (!sentence) return `RDS event ${signal.eventId}`;
  return sentence.length > MAX_TITLE_LENGTH ? `${sentence.slice(0, MAX_TITLE_LENGTH - 1)}…` : sentence;
}

export function classifyRdsEvent(signal: RdsEventSignal): Classification {
  const entry = catalogEntry(signal.eventId);
  if (!entry) {
    return {
      eventId: signal.eventId,
      known: false,
      category: signal.categories[0] ?? 'uncategorised',
      severity: 'info',
      title: titleFromMessage(signal),
      explain: signal.eventId.startsWith(UNKNOWN_EVENT_ID_PREFIX)
        ? `RDS reported an event without an event id for ${signal.sourceId}, so it is reported as information only.`
        : `RDS reported ${signal.eventId} for ${signal.sourceId}; ops-autopilot does not catalogue this event, so it is reported as information only.`,
      incidentKey: `rds:${signal.sourceId}:${signal.eventId}`,
    };
  }
  const kindOrEvent = entry.incident?.kind ?? entry.eventId;
  return { ...entry, known: true, incidentKey: `rds:${signal.sourceId}:${kindOrEvent}` };
}
