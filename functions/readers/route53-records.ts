/** The Route 53 side of a reader endpoint: the CNAME records under one name, read and changed. */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ResourceRecordSet, type Route53Client } from '@aws-sdk/client-route-53';
import { normalName, type ReaderRecord, type RecordChange } from './publication';

function toRecord(set: ResourceRecordSet): ReaderRecord {
  return {
    name: normalName(set.Name ?? ''),
    ...(set.SetIdentifier !== undefined ? { setIdentifier: set.SetIdentifier } : {}),
    ...(set.Weight !== undefined ? { weight: set.Weight } : {}),
    ...(set.TTL !== undefined ? { ttl: set.TTL } : {}),
    values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''),
  };
}

function toRecordSet(record: ReaderRecord): ResourceRecordSet {
  return {
    Name: record.name,
    Type: 'CNAME',
    ...(record.setIdentifier !== undefined ? { SetIdentifier: record.setIdentifier } : {}),
    ...(record.weight !== undefined ? { Weight: record.weight } : {}),
    ...(record.ttl !== undefined ? { TTL: record.ttl } : {}),
    ResourceRecords: record.values.map((Value) => ({ Value })),
  };
}

/** The CNAME records under `name`: the listing starts there (records sort by name, then type) and stops past it. */
export async function listReaderRecords(route53: Route53Client, zone: string, name: string): Promise<ReaderRecord[]> {
  const wanted = normalName(name);
  const found: ReaderRecord[] = [];
  let start: { StartRecordName?: string; StartRecordType?: 'CNAME'; StartRecordIdentifier?: string } = { StartRecordName: wanted, StartRecordType: 'CNAME' };
  for (;;) {
    const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, ...start }));
    const sets = page.ResourceRecordSets ?? [];
    const ours = sets.filter((s) => normalName(s.Name ?? '') === wanted && s.Type === 'CNAME');
    found.push(...ours.map(toRecord));
    const past = sets.some((s) => normalName(s.Name ?? '') !== wanted || s.Type !== 'CNAME');
    if (!page.IsTruncated || past) return found;
    start = { StartRecordName: page.NextRecordName, StartRecordType: 'CNAME', ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}) };
  }
}

/** All changes in one batch: Route 53 applies a batch as a whole or not at all. */
export async function changeReaderRecords(route53: Route53Client, zone: string, changes: readonly RecordChange[], comment: string): Promise<void> {
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone,
      ChangeBatch: { Comment: comment.slice(0, 256), Changes: changes.map((c) => ({ Action: c.action, ResourceRecordSet: toRecordSet(c.record) })) },
    }),
  );
}
