/** Creates and deletes read replicas (plain RDS) and reader instances (Aurora). */
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { DRAINING_TAG, isManaged, managedTags, MANAGED_TAG } from '../tags';
import { OpsAutopilotError } from '../../errors';
import type { DatabaseState, NewReplica } from './model';

/**
 * Aurora fails over to the reader with the lowest tier first; readers we add for read load
 * get the last tier, so a failover promotes the readers the team planned for.
 */
export const ADDED_READER_PROMOTION_TIER = 15;

/** The instance's status, or undefined when there is no such instance. */
async function statusOf(rds: RDSClient, id: string): Promise<string | undefined> {
  try {
    const found = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return found.DBInstances?.[0]?.DBInstanceStatus;
  } catch (err) {
    if ((err as Error).name === 'DBInstanceNotFoundFault' || (err as Error).name === 'DBInstanceNotFound') return undefined;
    throw err;
  }
}

const exists = async (rds: RDSClient, id: string) => (await statusOf(rds, id)) !== undefined;

/**
 * Creates one replica, unless an instance of that name exists already: the name comes from
 * the trigger, so it exists only when a retried invocation created it before. (The emulator
 * would silently overwrite a duplicate id; AWS would refuse it.)
 */
export async function createReplica(rds: RDSClient, database: DatabaseState, replica: NewReplica, rule: string, now: Date): Promise<void> {
  if (await exists(rds, replica.name)) return;
  const Tags = managedTags(rule, now);
  const { settings } = database;
  if (database.kind === 'cluster') {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: replica.name,
        DBClusterIdentifier: database.id,
        Engine: database.engine,
        DBInstanceClass: replica.instanceClass,
        DBParameterGroupName: settings.parameterGroup,
        AvailabilityZone: replica.availabilityZone,
        PromotionTier: ADDED_READER_PROMOTION_TIER,
        Tags,
      }),
    );
    return;
  }
  await rds.send(
    new CreateDBInstanceReadReplicaCommand({
      DBInstanceIdentifier: replica.name,
      SourceDBInstanceIdentifier: database.id,
      DBInstanceClass: replica.instanceClass,
      VpcSecurityGroupIds: replica.securityGroups.length ? replica.securityGroups : undefined,
      DBSubnetGroupName: settings.subnetGroup,
      DBParameterGroupName: settings.parameterGroup,
      OptionGroupName: settings.optionGroup,
      StorageType: settings.storageType,
      Iops: settings.iops,
      AvailabilityZone: replica.availabilityZone,
      // Replicas are spread one per zone instead; RDS refuses an AvailabilityZone with MultiAZ.
      MultiAZ: false,
      // No KmsKeyId: RDS encrypts a same-region replica with its source's key and refuses the parameter.
      Tags,
    }),
  );
}

export class UnmanagedResourceError extends OpsAutopilotError {
  override name = 'UnmanagedResourceError';
}

async function managedInstance(rds: RDSClient, id: string, doing: string) {
  const instance = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
  if (!isManaged(instance?.TagList)) throw new UnmanagedResourceError(`refusing to ${doing} ${id}: it has no ${MANAGED_TAG}=true tag`);
  return instance;
}

/**
 * Deletes one replica after checking, again, that we created it: never an unmanaged instance,
 * and never twice (an instance already being deleted is left to RDS).
 */
export async function deleteReplica(rds: RDSClient, id: string): Promise<void> {
  const instance = await managedInstance(rds, id, 'delete');
  if (instance?.DBInstanceStatus === 'deleting') return;
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true }));
  } catch (err) {
    // The SDK's retry of a deletion whose answer was lost finds the instance deleting (AWS) or gone (the emulator).
    const status = await statusOf(rds, id);
    if (status === undefined || status === 'deleting') return;
    throw err;
  }
}

/** Marks a managed replica as leaving until `until` (ISO): it no longer counts, and no reconcile puts it back. */
export async function markDraining(rds: RDSClient, id: string, until: string): Promise<void> {
  const instance = await managedInstance(rds, id, 'drain');
  await rds.send(new AddTagsToResourceCommand({ ResourceName: instance?.DBInstanceArn, Tags: [{ Key: DRAINING_TAG, Value: until }] }));
}
