/**
 * A repeat of an alarm rule's changing steps while its alarm holds (reconcile): the
 * transition's identity and the cooldown cycle, so each cycle is one unit of work.
 */
const REPEAT = /#repeat-(\d+)$/;

export const repeatSignalId = (transitionId: string, cycle: number): string => `${transitionId}#repeat-${cycle}`;

/** The cycle of a repeat's signal id, or undefined for any other signal. */
export function repeatCycle(signalId: string): number | undefined {
  const cycle = REPEAT.exec(signalId)?.[1];
  return cycle === undefined ? undefined : Number(cycle);
}
