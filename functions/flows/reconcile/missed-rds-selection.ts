/**
 * What the rds-events flow would do with the events reconcile listed (missed-rds-events.ts). A
 * module of its own, loaded only when a listing finds something: most runs find nothing, and
 * the flow with its event catalog is then never loaded by reconcile.
 */
import type { PolicyDocument } from '../../policy/schema';
import { matchRdsEventRules } from '../../policy/match';
import { selectSignals } from '../../runner/pipeline';
import { describedRdsEvent, type DescribedRdsEvent } from '../../signals/rds-described-event';
import type { RdsEventSignal } from '../../signals/types';
import { rdsEventsFlow } from '../rds-events';
import type { MissedRdsEvents } from './missed-rds-events';

/** The listed events a rule would have received, once each and oldest first, with their selections. */
export async function selectMissedRdsEvents(listed: DescribedRdsEvent[], policy: PolicyDocument, now: Date): Promise<MissedRdsEvents> {
  const found = new Map<string, RdsEventSignal>();
  for (const event of listed) {
    const signal = describedRdsEvent(event);
    if (signal && matchRdsEventRules(policy, signal).length) found.set(signal.id, signal);
  }
  const signals = [...found.values()].sort((a, b) => a.time.localeCompare(b.time));
  return { flow: rdsEventsFlow, selections: (await selectSignals(rdsEventsFlow, { signals, rejected: [] }, policy, now)).selections };
}
