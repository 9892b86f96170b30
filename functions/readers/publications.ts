/**
 * The policy's database targets that publish their readers, each resolved to the database it
 * names now (a literal identifier, or a stack resource through the target resolver). A target
 * that cannot be resolved is left out: the step that names it reports that already.
 */
import type { DatabaseTarget } from '../actions/database/model';
import type { PolicyStep } from '../actions/steps';
import type { TargetResolver } from '../policy/stack-resolver';
import type { Targets } from '../policy/targets-section';
import { drainSecondsOf, type ReaderPublication } from './publication';

/** Publications by database: `source:<id>` or `cluster:<id>`. */
export type ReaderPublications = ReadonlyMap<string, ReaderPublication>;

export const publicationKey = (database: DatabaseTarget) => (database.cluster ? `cluster:${database.cluster}` : `source:${database.source ?? ''}`);

export async function readerPublications(targets: Targets, resolver: TargetResolver): Promise<ReaderPublications> {
  const found = new Map<string, ReaderPublication>();
  for (const [name, target] of Object.entries(targets)) {
    if (!target.readerEndpoint && !target.readersParameter) continue;
    const field = target.rdsCluster !== undefined ? 'cluster' : 'source';
    // The resolver resolves steps; a removal step naming the target asks it for the target's database.
    const probe: PolicyStep = { type: 'removeReadReplica', options: { [field]: name, min: 0, cooldown: 0 } };
    const resolution = await resolver.resolve(probe);
    if (!resolution.ok || resolution.step.type !== 'removeReadReplica') continue;
    const { source, cluster } = resolution.step.options;
    const database: DatabaseTarget = cluster ? { cluster } : { source: source ?? '' };
    found.set(publicationKey(database), {
      target: name,
      database,
      ...(target.readerEndpoint ? { endpoint: target.readerEndpoint } : {}),
      ...(target.readersParameter ? { parameter: target.readersParameter } : {}),
      drainSeconds: drainSecondsOf(target.readerEndpoint),
    });
  }
  return found;
}
