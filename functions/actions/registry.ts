/**
 * Every action, registered under its policy name. The policy schema (steps.ts), the runner
 * and the stack's IAM statements all come from here, so an action is added in one place.
 */
import { addReadReplica } from './add-read-replica';
import { removeReadReplica } from './remove-read-replica';
import { scaleAutoScalingGroup } from './scale-auto-scaling-group';
import { setCapacity } from './set-capacity';
import { setReadReplicas } from './set-read-replicas';
import type { AwsClients } from '../aws/clients';
import type { ResourceRef } from '../model/vocabulary';
import type { Step, StepType } from './steps';
import type { ActionContext, ActionDefinition, Decision, IamStatement, OptionsOf } from './types';

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
export type ActionMeta<T extends StepType> = Pick<ActionDefinition<T, unknown, object>, 'type' | 'mutates' | 'example' | 'permissions'>;

/** `alert` only publishes to the alert topic, which every function may do. */
const alert: ActionMeta<'alert'> = {
  type: 'alert',
  mutates: false,
  example: `- alert: { severity: critical, title: Database failover }`,
  permissions: () => [],
};

export const ACTIONS: { [K in StepType]: ActionMeta<K> } = { ...MUTATING_ACTIONS, alert };

export type MutatingStep = Extract<Step, { type: MutatingType }>;

/** A changing step, resolved (`Step`) or as the policy writes it (`PolicyStep`). */
export function isMutating<S extends { type: StepType }>(step: S): step is Extract<S, { type: MutatingType }> {
  return step.type in MUTATING_ACTIONS;
}

/**
 * One mutating step bound to its action, with the action's State and Plan types hidden: all
 * the runner, `plan` and the CLI need. A plan is plain data the runner records and hands back.
 */
export interface StepAction {
  /** The resource the step changes: the key of its cooldown and the subject of its report. */
  resource: ResourceRef;
  cooldownSeconds: number;
  /** Reads the state from AWS and decides. */
  decide(clients: AwsClients, context: ActionContext): Promise<Decision<object>>;
  /** Reads the state from AWS: does it already show the plan carried out? */
  applied(clients: AwsClients, plan: object): Promise<boolean>;
  execute(clients: AwsClients, plan: object, context: ActionContext): Promise<void>;
}

function bind<T extends MutatingType, State, Plan extends object>(
  action: ActionDefinition<T, State, Plan>,
  options: OptionsOf<T>,
  region: string,
  account?: string,
): StepAction {
  // The only cast of the registry: a plan comes back from the ledger as the data this action recorded.
  const recorded = (plan: object) => plan as Plan;
  return {
    resource: action.target(options, region, account),
    cooldownSeconds: action.cooldownSeconds(options),
    decide: async (clients, context) => action.decide(await action.read(clients, options), options, context),
    applied: async (clients, plan) => action.applied(await action.read(clients, options), recorded(plan)),
    execute: (clients, plan, context) => action.execute(clients, recorded(plan), context),
  };
}

/** The typed accessor of the registry: a switch the compiler checks, so no cast pairs a step with its action. */
export function actionFor(step: MutatingStep, region: string, account?: string): StepAction {
  switch (step.type) {
    case 'scaleAutoScalingGroup':
      return bind(MUTATING_ACTIONS.scaleAutoScalingGroup, step.options, region, account);
    case 'addReadReplica':
      return bind(MUTATING_ACTIONS.addReadReplica, step.options, region, account);
    case 'removeReadReplica':
      return bind(MUTATING_ACTIONS.removeReadReplica, step.options, region, account);
    case 'setCapacity':
      return bind(MUTATING_ACTIONS.setCapacity, step.options, region, account);
    case 'setReadReplicas':
      return bind(MUTATING_ACTIONS.setReadReplicas, step.options, region, account);
  }
}

/** The IAM statements one step needs. */
export function stepPermissions(step: Step): IamStatement[] {
  const meta = ACTIONS[step.type] as ActionMeta<typeof step.type>;
  return meta.permissions(step.options as OptionsOf<typeof step.type>);
}
