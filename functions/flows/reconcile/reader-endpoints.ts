/**
 * reconcile's part of the readers: every run, each database target with a `readerEndpoint` or
 * `readersParameter` is brought to what RDS says now — available, replicating replicas in,
 * everything else out — and replicas whose drain has passed are deleted. Whatever ran last,
 * the endpoint converges within a run. A zone or parameter a person must fix gives one alert
 * per problem, and the next runs keep trying.
 */
import { finishDrained } from '../../actions/database/retire';
import { readDatabase } from '../../actions/database/read';
import type { DatabaseState } from '../../actions/database/model';
import { describeError } from '../../aws/errors';
import type { Alert } from '../../model/alert';
import type { ReaderPublicationError } from '../../readers/errors';
import { readerPublications } from '../../readers/publications';
import type { ReaderPublication } from '../../readers/publication';
import { publishReaders } from '../../readers/publish';
import { alertEnvelope } from '../../runner/alerts';
import type { InvocationRequest } from '../../runner/request';
import type { InvocationSummary } from '../../runner/summary';
import { reportOnce } from '../../runner/units';

function problemAlert(publication: ReaderPublication, database: DatabaseState, problem: ReaderPublicationError, request: InvocationRequest): Alert {
  const id = `readers:${publication.target}`;
  return alertEnvelope(
    {
      id: `${id}#${problem.where}#${problem.code}`,
      kind: 'alert',
      severity: 'warning',
      title: `Readers of ${database.id} not published (${problem.where})`,
      summary: `${problem.message}. The replicas themselves are unaffected; reconcile tries again every minute.`,
      incident: id,
      resource: { type: database.kind === 'cluster' ? 'rds-cluster' : 'rds-instance', id: database.id },
      trigger: { kind: 'reconcile', id, name: 'reader endpoint', state: problem.code },
      time: request.now().toISOString(),
      details: { target: publication.target, where: problem.where, error: problem.code, ...(publication.endpoint ? { readerEndpoint: publication.endpoint.name } : {}), ...(publication.parameter ? { readersParameter: publication.parameter } : {}) },
    },
    request.region,
  );
}

async function followOne(request: InvocationRequest, publication: ReaderPublication, summary: InvocationSummary): Promise<void> {
  const now = request.now();
  let database = await readDatabase(request.clients.rds, publication.database);
  const deleted = await finishDrained(request.clients, database, now);
  for (const id of deleted) summary.steps.push({ signal: `readers:${publication.target}`, rule: '-', step: 'removeReadReplica', outcome: 'done', reason: `${id} drained and deleted` });
  if (deleted.length) database = await readDatabase(request.clients.rds, publication.database);
  const published = await publishReaders(request.clients, publication, database);
  if (published.recordChanges || published.parameterChanged) {
    const readers = published.readers.map((r) => r.id).join(', ') || 'none';
    summary.steps.push({ signal: `readers:${publication.target}`, rule: '-', step: 'readers', outcome: 'done', reason: `readers of ${database.id} now ${readers}` });
  }
  for (const problem of published.problems) {
    const work = { signalId: `readers:${publication.target}`, unit: `problem#${problem.where}#${problem.code}` };
    const reported = await reportOnce(request, work, async () => problemAlert(publication, database, problem, request));
    if (reported.result === 'reported') summary.steps.push({ signal: work.signalId, rule: '-', step: 'alert', outcome: 'alerted', reason: problem.message });
  }
}

export async function followReaderEndpoints(request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  if (!Object.values(request.policy.targets).some((t) => t.readerEndpoint || t.readersParameter)) return;
  // Records and deletions are changes too: a dry run or the kill switch stops them here as in the runner.
  if (request.policy.settings.dryRun || (await request.isPaused())) return;
  const publications = await readerPublications(request.policy.targets, request.resolver).catch((err: unknown) => {
    causes.push(err);
    summary.errors.push(`reader targets not resolved: ${describeError(err)}`);
    return new Map<string, ReaderPublication>();
  });
  for (const publication of publications.values()) {
    try {
      await followOne(request, publication, summary);
    } catch (err) {
      causes.push(err);
      summary.errors.push(`readers of ${publication.target} not published: ${describeError(err)}`);
    }
  }
}
