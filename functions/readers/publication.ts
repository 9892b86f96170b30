/**
 * Where a database's readers are published, and what the publication should say now. Pure:
 * the wanted weighted records and parameter value come from the database's state, and the
 * changes are the difference from what Route 53 and SSM hold. The name is ours: every CNAME
 * record under it that is not an available replica of the source is removed.
 */
import type { DatabaseState, DatabaseTarget } from '../actions/database/model';
import type { ReaderEndpoint } from '../policy/targets-section';

/** A parameter-only target has no TTL to derive a drain from: consumers that poll it get this long. */
export const PARAMETER_DRAIN_SECONDS = 60;
/** Every record of the endpoint weighs the same: connections spread evenly over the replicas. */
export const READER_WEIGHT = 1;

export interface ReaderPublication {
  /** The target's name in the policy: alerts say which entry to fix. */
  target: string;
  database: DatabaseTarget;
  endpoint?: ReaderEndpoint;
  parameter?: string;
  /** Seconds a replica stays out of the endpoint before it is deleted. */
  drainSeconds: number;
}

/** The drain a target asks for: its own, else twice the TTL, so a cached answer has expired twice over. */
export function drainSecondsOf(endpoint: ReaderEndpoint | undefined): number {
  if (!endpoint) return PARAMETER_DRAIN_SECONDS;
  return endpoint.drainSeconds ?? 2 * endpoint.ttl;
}

/** One published reader: the replica's identifier (the record's SetIdentifier) and its host name. */
export interface Reader {
  id: string;
  address: string;
}

/**
 * The replicas that serve reads now, by identifier: available, replicating, with an address,
 * not leaving. With none, the source itself, so the name keeps resolving (as Aurora's reader
 * endpoint falls back to the writer) and the parameter is never empty.
 */
export function wantedReaders(database: DatabaseState, leaving: readonly string[] = []): Reader[] {
  const serving = database.replicas
    .filter((r) => r.status === 'available' && !r.replicationProblem && r.address && !leaving.includes(r.id))
    .map((r) => ({ id: r.id, address: r.address ?? '' }))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (serving.length || !database.address) return serving;
  return [{ id: database.id, address: database.address }];
}

/** A CNAME record under the endpoint's name, as Route 53 holds it. */
export interface ReaderRecord {
  name: string;
  setIdentifier?: string;
  weight?: number;
  ttl?: number;
  values: string[];
}

export interface RecordChange {
  action: 'UPSERT' | 'DELETE';
  record: ReaderRecord;
}

/** DNS names compare lower-case and without the final dot. */
export const normalName = (name: string) => name.toLowerCase().replace(/\.$/, '');

function wantedRecord(endpoint: ReaderEndpoint, reader: Reader): ReaderRecord {
  return { name: normalName(endpoint.name), setIdentifier: reader.id, weight: READER_WEIGHT, ttl: endpoint.ttl, values: [reader.address] };
}

function sameRecord(a: ReaderRecord, b: ReaderRecord): boolean {
  return a.weight === b.weight && a.ttl === b.ttl && a.values.length === b.values.length && a.values.every((v, i) => normalName(v) === normalName(b.values[i] ?? ''));
}

/** What turns the records under the name into one weighted record per reader: UPSERTs first, then DELETEs. */
export function recordChanges(endpoint: ReaderEndpoint, readers: readonly Reader[], actual: readonly ReaderRecord[]): RecordChange[] {
  const wanted = readers.map((reader) => wantedRecord(endpoint, reader));
  const upserts = wanted.filter((w) => {
    const found = actual.find((a) => a.setIdentifier === w.setIdentifier);
    return !found || !sameRecord(found, w);
  });
  const deletes = actual.filter((a) => !a.setIdentifier || !readers.some((r) => r.id === a.setIdentifier));
  return [...upserts.map((record) => ({ action: 'UPSERT' as const, record })), ...deletes.map((record) => ({ action: 'DELETE' as const, record }))];
}

/** The readers parameter: their host names, sorted and comma-separated, so the same set is always the same text. */
export function parameterValue(readers: readonly Reader[]): string {
  return [...new Set(readers.map((r) => r.address))].sort().join(',');
}
