/**
 * The ledger `plan` asks when no table is named: it knows of no change, no spent budget and no
 * handled event, so the guards answer as for a fresh ledger — and the plan says that these are
 * unknown (ledger-choice.ts). plan never writes; a write here is a bug, so it throws.
 */
import type { Ledger } from '../../ledger/ledger';

const refuse = (what: string) => (): never => {
  throw new Error(`plan read no ledger and must not ${what}`);
};

export const unreadLedger: Ledger = {
  isDone: async () => false,
  claim: refuse('claim a unit'),
  recordIntent: refuse('record an intent'),
  settle: refuse('settle a unit'),
  markPublished: refuse('mark a report published'),
  release: refuse('release a unit'),
  takeSlot: refuse('take a slot'),
  readSlot: async () => ({}),
  restartCooldown: refuse('restart a cooldown'),
  budgetSpent: async () => 0,
  openIncident: refuse('open an incident'),
  closeIncident: refuse('close an incident'),
  overdueIncidents: async () => [],
  unwatchIncident: refuse('stop watching an incident'),
  readMark: async () => undefined,
  advanceMark: refuse('move a mark'),
};
