/**
 * The Lambda functions (contract): each bundles functions/<name>.ts into dist/<name>/index.mjs.
 * The one table of what each function listens to, for reports, the CLI and the stack.
 */
import type { TriggerKind } from './model/vocabulary';

export const FUNCTIONS = ['alarm-remediation', 'rds-events', 'scheduled-scaling', 'slack-notifier', 'reconcile'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** The functions that read the policy and act on it; slack-notifier only forwards alerts. */
export type PolicyFunction = Exclude<FunctionName, 'slack-notifier'>;

export const TRIGGER_KIND_OF: Record<PolicyFunction, TriggerKind> = {
  'alarm-remediation': 'alarm',
  'rds-events': 'rds-event',
  'scheduled-scaling': 'schedule',
  reconcile: 'reconcile',
};

export function readsPolicy(name: FunctionName): name is PolicyFunction {
  return name !== 'slack-notifier';
}

export const bundlePath = (name: string) => `dist/${name}/index.mjs`;
