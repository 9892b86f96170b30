/**
 * What reconcile should run now, from the policy and the state of AWS. Pure. For every alarm
 * in a rule's state: the transition itself (the same identity as its event, so a transition
 * that never reached a function is acted on, and its late delivery is a duplicate), and, while
 * it holds, one repeat of the rule's changing steps per cooldown cycle — the cycle number is
 * part of the repeat's identity, so however many runs and deliveries race, a cycle acts once.
 * For every schedule: its latest firing while younger than catchUpSeconds.
 */
import { isMutating } from '../../actions/registry';
import { alarmNameMatches, alarmNamePatterns } from '../../policy/match';
import type { PolicyDocument as Policy } from '../../policy/schema';
import type { Selection } from '../../runner/pipeline';
import { repeatSignalId } from '../../signals/repeat';
import type { AlarmSignal, ScheduleSignal } from '../../signals/types';
import { transitionSignal, type AlarmStateNow } from './alarm-states';

/** A cycle is at least a second; rules repeat at most once per reconcile run anyway. */
const MIN_CYCLE_SECONDS = 1;

/** A step's cooldown as written (setCapacity and setReadReplicas have none). */
function cooldownOf(step: Policy['rules'][number]['do'][number]): number {
  return 'cooldown' in step.options && typeof step.options.cooldown === 'number' ? step.options.cooldown : 0;
}

function repeatCycleSeconds(rule: Policy['rules'][number]): number {
  const cooldowns = rule.do.filter(isMutating).map(cooldownOf);
  return Math.max(MIN_CYCLE_SECONDS, ...cooldowns);
}

export function alarmSelections(policy: Policy, states: AlarmStateNow[], now: Date, region: string): Selection<AlarmSignal>[] {
  const bySignal = new Map<string, Selection<AlarmSignal>>();
  const add = (signal: AlarmSignal, rule: { name: string; do: Policy['rules'][number]['do'] }) => {
    const selection = bySignal.get(signal.id) ?? { signal, rules: [], notes: [] };
    selection.rules.push(rule);
    bySignal.set(signal.id, selection);
  };
  for (const { rule, pattern } of alarmNamePatterns(policy)) {
    for (const alarm of states.filter((a) => a.state === rule.on.state && alarmNameMatches(pattern, a.name))) {
      const transition = transitionSignal(alarm, region);
      add(transition, rule);
      const changing = rule.do.filter(isMutating);
      if (!rule.repeat || !changing.length) continue;
      const cycle = Math.floor((now.getTime() - Date.parse(alarm.since)) / (repeatCycleSeconds(rule) * 1000));
      if (cycle >= 1) add({ ...transition, id: repeatSignalId(transition.id, cycle) }, { name: rule.name, do: changing });
    }
  }
  return [...bySignal.values()];
}

/** Rules with `escalateAfter` whose alarm is in their state now, with the transition that began it. */
export function escalationCandidates(policy: Policy, states: AlarmStateNow[], region: string): { rule: Policy['rules'][number]; transition: AlarmSignal }[] {
  return alarmNamePatterns(policy).flatMap(({ rule, pattern }) =>
    rule.escalateAfter === undefined
      ? []
      : states.filter((a) => a.state === rule.on.state && alarmNameMatches(pattern, a.name)).map((alarm) => ({ rule, transition: transitionSignal(alarm, region) })),
  );
}

/** Schedules whose latest firing (`latest`, by name: policy/firings.ts) is within catchUpSeconds of now. */
export function dueFirings(policy: Policy, latest: ReadonlyMap<string, Date | undefined>, now: Date): ScheduleSignal[] {
  const window = policy.settings.catchUpSeconds * 1000;
  return policy.schedules.flatMap((schedule) => {
    const firing = latest.get(schedule.name);
    if (!firing || now.getTime() - firing.getTime() > window) return [];
    const scheduledTime = firing.toISOString();
    return [{ kind: 'schedule' as const, id: `schedule:${schedule.name}@${scheduledTime}`, time: scheduledTime, via: 'reconcile' as const, schedule: schedule.name, scheduledTime }];
  });
}
