/** Reads the policy a command works on, named in messages as the user would type it. */
import { loadPolicyFile } from '../policy/load';
import type { PolicyDocument } from '../policy/schema';
import { displayPath } from './paths';

export interface LoadedPolicy {
  /** The file as shown to the user. */
  file: string;
  policy: PolicyDocument;
}

/** @throws PolicyError listing every issue, the file named as shown */
export function readPolicy(path: string): LoadedPolicy {
  const file = displayPath(path);
  return { file, policy: loadPolicyFile(file) };
}
