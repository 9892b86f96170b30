/**
 * The one KMS check decide can make: RDS encrypts a same-region replica with its source's
 * key, using the caller's permissions on that key. The role holds them only for the step's
 * `kmsKey`, so a source encrypted with another key would fail at AWS; say so before acting.
 */
import type { DatabaseState } from './model';

export function kmsKeyMismatch(database: DatabaseState, kmsKey: string | undefined): string | undefined {
  const sourceKey = database.settings.kmsKeyId;
  if (kmsKey === undefined || sourceKey === undefined || sourceKey === kmsKey) return undefined;
  return `${database.id} is encrypted with KMS key ${sourceKey}, but the step's kmsKey is ${kmsKey}; the role may use only that key, so set kmsKey to the source's key`;
}
