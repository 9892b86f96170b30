/**
 * Brings a database's reader endpoint and readers parameter to what its state says: reads what
 * Route 53 and SSM hold, changes only the difference (one change batch; no call when nothing
 * differs). A refusal a person must fix (no such zone, access denied, a name outside the
 * zone) becomes a ReaderPublicationError that says what to fix; throttling and 5xx propagate.
 */
import type { AwsClients } from '../aws/clients';
import type { DatabaseState } from '../actions/database/model';
import { describeError, isRetryable } from '../aws/errors';
import { ReaderPublicationError } from './errors';
import { parameterValue, recordChanges, wantedReaders, type Reader, type ReaderPublication } from './publication';
import { readReadersParameter, writeReadersParameter } from './readers-parameter';

export interface PublishResult {
  /** Records upserted or deleted. */
  recordChanges: number;
  parameterChanged: boolean;
  readers: Reader[];
  problems: ReaderPublicationError[];
}

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;

function zoneProblem(err: unknown, publication: ReaderPublication): ReaderPublicationError {
  const endpoint = publication.endpoint;
  const zone = endpoint?.hostedZoneId ?? '';
  const field = `targets.${publication.target}.readerEndpoint`;
  const name = err instanceof Error ? err.name : 'Error';
  const fix =
    name === 'NoSuchHostedZone'
      ? `hosted zone ${zone} does not exist: create it, or correct ${field}.hostedZoneId`
      : DENIED.test(name)
        ? `the role may not change records in hosted zone ${zone}: deploy the stack from this policy, which grants route53:ChangeResourceRecordSets and ListResourceRecordSets on arn:aws:route53:::hostedzone/${zone}`
        : `Route 53 refused the records ${endpoint?.name ?? ''} in hosted zone ${zone}: is the name inside that zone, and is it free of other record types? (${field})`;
  return new ReaderPublicationError(`reader endpoint ${endpoint?.name ?? ''} not updated — ${fix} (${describeError(err)})`, `zone ${zone}`, name, { cause: err });
}

function parameterProblem(err: unknown, publication: ReaderPublication): ReaderPublicationError {
  const parameter = publication.parameter ?? '';
  const name = err instanceof Error ? err.name : 'Error';
  const fix = DENIED.test(name)
    ? `the role may not write ${parameter}: deploy the stack from this policy, which grants ssm:GetParameter and ssm:PutParameter on that parameter only`
    : `SSM refused ${parameter}: check that no parameter of another type or tier holds that name (targets.${publication.target}.readersParameter)`;
  return new ReaderPublicationError(`readers parameter ${parameter} not updated — ${fix} (${describeError(err)})`, `parameter ${parameter}`, name, { cause: err });
}

/** Runs one side; a refusal a person must fix is kept as a problem, anything a retry may fix propagates. */
async function attempt<T>(work: () => Promise<T>, problem: (err: unknown) => ReaderPublicationError, problems: ReaderPublicationError[], fallback: T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isRetryable(err)) throw err;
    problems.push(problem(err));
    return fallback;
  }
}

async function publishRecords(clients: AwsClients, publication: ReaderPublication, readers: Reader[]): Promise<number> {
  const endpoint = publication.endpoint;
  if (!endpoint) return 0;
  const zone = endpoint.hostedZoneId;
  // Loaded here, not at a cold start: most policies publish no reader endpoint.
  const { changeReaderRecords, listReaderRecords } = await import('../aws/on-demand');
  const route53 = await clients.route53();
  const changes = recordChanges(endpoint, readers, await listReaderRecords(route53, zone, endpoint.name));
  if (!changes.length) return 0;
  try {
    await changeReaderRecords(route53, zone, changes, `ops-autopilot: readers of ${publication.database.source ?? publication.database.cluster}`);
  } catch (err) {
    // A batch whose first sending landed with the answer lost is refused the second time: read again, send what still differs.
    if (!(err instanceof Error) || err.name !== 'InvalidChangeBatch') throw err;
    const still = recordChanges(endpoint, readers, await listReaderRecords(route53, zone, endpoint.name));
    if (still.length) await changeReaderRecords(route53, zone, still, `ops-autopilot: readers of ${publication.database.source ?? publication.database.cluster}`);
  }
  return changes.length;
}

async function publishParameter(clients: AwsClients, publication: ReaderPublication, readers: Reader[]): Promise<boolean> {
  const parameter = publication.parameter;
  const value = parameterValue(readers);
  // SSM refuses an empty String; with no reader and no source address there is nothing to say.
  if (!parameter || !value) return false;
  if ((await readReadersParameter(clients.ssm, parameter)) === value) return false;
  await writeReadersParameter(clients.ssm, parameter, value);
  return true;
}

/** Publishes the readers `database` has now, without the replicas in `leaving`. */
export async function publishReaders(clients: AwsClients, publication: ReaderPublication, database: DatabaseState, leaving: readonly string[] = []): Promise<PublishResult> {
  const readers = wantedReaders(database, leaving);
  const problems: ReaderPublicationError[] = [];
  const changes = await attempt(() => publishRecords(clients, publication, readers), (err) => zoneProblem(err, publication), problems, 0);
  const parameterChanged = await attempt(() => publishParameter(clients, publication, readers), (err) => parameterProblem(err, publication), problems, false);
  return { recordChanges: changes, parameterChanged, readers, problems };
}
