/**
 * Every action, registered under its policy name. The policy schema (steps.ts), the runner
 * and the stack's IAM statements all come from here, so an action is added in one place.
 */
import { addReadReplica } from './add-read-replica';
import { removeReadReplica } from './remove-read-replica';
import { scaleAutoScalingGroup } from './scale-auto-scaling-group';
import { setCapacity } from './set-capacity';
import { setReadReplicas } from './set-read-replicas';
import type { Step, StepType } from './steps';
import type { ActionDefinition, IamStatement, OptionsOf } from './types';

/** Actions that change AWS: they pass the runner's guards before `execute`. */
export const MUTATING_ACTIONS = {
  scaleAutoScalingGroup,
  addReadReplica,
  removeReadReplica,
  setCapacity,
  setReadReplicas,
} as const;

export type MutatingType = keyof typeof MUTATING_ACTIONS;

/** What the schema, the docs and the stack need of every action, notifying ones included. */
export type ActionMeta<T extends StepType> = Pick<ActionDefinition<T, unknown, unknown>, 'type' | 'mutates' | 'example' | 'permissions'>;

/** `alert` only publishes to the alert topic, which every function may do. */
const alert: ActionMeta<'alert'> = {
  type: 'alert',
  mutates: false,
  example: `- alert: { severity: critical, title: Database failover }`,
  permissions: () => [],
};

export const ACTIONS: { [K in StepType]: ActionMeta<K> } = { ...MUTATING_ACTIONS, alert };

export function isMutating(step: Step): step is Extract<Step, { type: MutatingType }> {
  return step.type in MUTATING_ACTIONS;
}

/** The IAM statements one step needs. */
export function stepPermissions(step: Step): IamStatement[] {
  const meta = ACTIONS[step.type] as ActionMeta<typeof step.type>;
  return meta.permissions(step.options as OptionsOf<typeof step.type>);
}
