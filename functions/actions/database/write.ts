/** Creates and deletes read replicas (plain RDS) and reader instances (Aurora). */
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { isManaged, managedTags, MANAGED_TAG } from '../tags';
import { OpsAutopilotError } from '../../errors';
import type { DatabaseState } from './model';

export interface NewReplica {
  name: string;
  instanceClass?: string;
}

async function exists(rds: RDSClient, id: string): Promise<boolean> {
  try {
    const found = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return (found.DBInstances?.length ?? 0) > 0;
  } catch (err) {
    if ((err as Error).name === 'DBInstanceNotFoundFault' || (err as Error).name === 'DBInstanceNotFound') return false;
    throw err;
  }
}

/**
 * Creates one replica, unless an instance of that name exists already: the name comes from
 * the trigger, so it exists only when a retried invocation created it before. (The emulator
 * would silently overwrite a duplicate id; AWS would refuse it.)
 */
export async function createReplica(rds: RDSClient, database: DatabaseState, replica: NewReplica, rule: string, now: Date): Promise<void> {
  if (await exists(rds, replica.name)) return;
  const Tags = managedTags(rule, now);
  if (database.kind === 'cluster') {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: replica.name,
        DBClusterIdentifier: database.id,
        Engine: database.engine,
        DBInstanceClass: replica.instanceClass ?? database.instanceClass,
        Tags,
      }),
    );
    return;
  }
  await rds.send(
    new CreateDBInstanceReadReplicaCommand({
      DBInstanceIdentifier: replica.name,
      SourceDBInstanceIdentifier: database.id,
      DBInstanceClass: replica.instanceClass ?? database.instanceClass,
      Tags,
    }),
  );
}

export class UnmanagedResourceError extends OpsAutopilotError {}

/** Deletes one replica after checking, again, that we created it: never an unmanaged instance. */
export async function deleteReplica(rds: RDSClient, id: string): Promise<void> {
  const found = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  if (!isManaged(found.DBInstances?.[0]?.TagList)) {
    throw new UnmanagedResourceError(`refusing to delete ${id}: it has no ${MANAGED_TAG}=true tag`);
  }
  await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true }));
}
