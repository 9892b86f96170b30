/**
 * What every action module provides (Cloud Custodian style): its schema lives in steps.ts;
 * here the IAM it needs, a pure `decide` (current state + step → plan, no AWS), a pure
 * `applied` (has AWS already carried the plan out?) and an `execute`. Plans are absolute
 * (desired 3, replica app-db-ap-1a2b3c) and plain data: the runner records one before it
 * executes it, so a retry carries out the same plan instead of deciding a relative step again.
 * Guards (dry-run, kill switch, budget, cooldown, exactly-once) are not here: they run once,
 * in the runner, before `execute`.
 */
import type { ResourceRef, StateSnapshot } from '../model/vocabulary';
import type { AwsClients } from '../aws/clients';
import type { ReaderPublications } from '../readers/publications';
import type { Step, StepType } from './steps';

export interface ActionContext {
  /** The rule or schedule that asked for the step. */
  rule: string;
  /** Identity of this step for this trigger (signal id + rule + step index): names what it creates, predictably. */
  stepKey: string;
  now: Date;
  /** What the invocation may spend (epoch ms): a replica's drain is waited out inline only well within it. @default now + 50 s */
  deadline?: number;
  /** Where the policy publishes each database's readers: a removal takes the replica out first. @default none */
  readers?: ReaderPublications;
}

export type Decision<Plan> =
  | { change: true; plan: Plan; before: StateSnapshot; after: StateSnapshot; summary: string }
  | { change: false; reason: string; before: StateSnapshot };

/** One IAM statement an action needs; `{region}` and `{account}` are filled in by the stack. */
export interface IamStatement {
  actions: string[];
  resources: string[];
  condition?: Record<string, Record<string, string>>;
}

export interface ActionDefinition<T extends StepType, State, Plan extends object> {
  type: T;
  /** Whether executing changes AWS (and so passes the guards and spends the budget). */
  mutates: boolean;
  /** A policy step, in YAML, that the documentation shows and a meta-test validates. */
  example: string;
  /** IAM the step needs, scoped to the resources it names where AWS supports it. */
  permissions(options: OptionsOf<T>): IamStatement[];
  /** The resource the step acts on: the key of its cooldown and the subject of its report. */
  target(options: OptionsOf<T>, region: string, account?: string): ResourceRef;
  /** Seconds since this automation last changed the target before it may change it again. */
  cooldownSeconds(options: OptionsOf<T>): number;
  read(clients: AwsClients, options: OptionsOf<T>): Promise<State>;
  decide(state: State, options: OptionsOf<T>, context: ActionContext): Decision<Plan>;
  /** Whether the state already shows the plan carried out: a retry whose answer was lost stops here. */
  applied(state: State, plan: Plan): boolean;
  /** Carries the plan out. Safe to repeat: the plan is absolute and creations are named. */
  execute(clients: AwsClients, plan: Plan, context: ActionContext): Promise<void>;
}

export type OptionsOf<T extends StepType> = Extract<Step, { type: T }>['options'];
