/**
 * Which ledger `plan` reads cooldowns and the hourly budget from, and what it cannot know
 * without one. `--stage` names the deployed stage's table (the stack's own naming), else
 * LEDGER_TABLE; with neither, no table is read and the plan says so rather than guessing.
 */
import { stageNames } from '../../stack-names';
import type { EventPlan } from './plan-event';

/** What only the ledger can tell: our last change to a resource, this hour's changes, an event handled before. */
export const LEDGER_FACTS = ['cooldowns', 'budget', 'duplicates'] as const;
export type LedgerFact = (typeof LEDGER_FACTS)[number];

export type LedgerChoice =
  | { read: true; table: string; from: 'stage' | 'LEDGER_TABLE'; stage?: string }
  | { read: false; unknown: LedgerFact[] };

/** The `ledger` object of plan's JSON. */
export type LedgerReport = LedgerChoice & { unknown: LedgerFact[] };

export function chooseLedger(stage: string | undefined, env: NodeJS.ProcessEnv): LedgerChoice {
  if (stage) return { read: true, table: stageNames(stage).ledgerTable, from: 'stage', stage };
  if (env.LEDGER_TABLE) return { read: true, table: env.LEDGER_TABLE, from: 'LEDGER_TABLE' };
  return { read: false, unknown: [...LEDGER_FACTS] };
}

export function ledgerReport(choice: LedgerChoice): LedgerReport {
  // With a table, cooldowns, the budget and duplicates (a step a run has finished) are read.
  return choice.read ? { ...choice, unknown: [] } : choice;
}

/** Said of a step that would change when no ledger was read. */
export const UNLESS_THE_LEDGER_HOLDS = 'would change unless a cooldown, the budget or a duplicate holds it';

/** Marks every would-change step with what could still hold it; a plan read against a ledger is returned as is. */
export function annotateUnreadLedger(plan: EventPlan, choice: LedgerChoice): EventPlan {
  if (choice.read) return plan;
  return {
    ...plan,
    signals: plan.signals.map((signal) => ({
      ...signal,
      rules: signal.rules.map((rule) => ({
        ...rule,
        steps: rule.steps.map((step) => (step.verdict === 'would-change' ? { ...step, unless: UNLESS_THE_LEDGER_HOLDS } : step)),
      })),
    })),
  };
}

/** One line for the human output: which table was read, or what is unknown without one. */
export function describeLedger(choice: LedgerChoice): string {
  if (choice.read) return `ledger ${choice.table}${choice.from === 'stage' ? ` (stage ${choice.stage})` : ' (LEDGER_TABLE)'}`;
  return 'no ledger read (give --stage <stage> or set LEDGER_TABLE): cooldowns, hourly budget and duplicates are unknown';
}
