/**
 * scheduled-scaling's data flow: parse (direct input, Scheduler or rule event → ScheduleSignal)
 * → find the schedule → pin the firing → run its steps through the guards → report.
 */
import { consoleLinks } from '../alerts/links';
import type { Alert } from '../model/alert';
import type { AlertStep } from '../actions/steps';
import { logger } from '../log';
import { latestFiring } from '../policy/cron';
import type { Schedule } from '../policy/schema';
import { parseScheduleInput } from '../signals/schedule';
import type { Rejection, ScheduleSignal } from '../signals/types';
import { reportOutcomes, reportRejections } from '../runner/report';
import { runRule } from '../runner/run-rule';
import { accountOf, runDependencies, type Runtime } from '../runner/runtime';
import { newSummary, recordOutcomes, throwIfRetryable, type InvocationSummary } from '../runner/summary';
import { triggerOf } from '../runner/triggers';

const FUNCTION = 'scheduled-scaling';

/**
 * Which firing this invocation serves. Scheduler passes the scheduled time; without it, the
 * latest firing of the cron at or before now — so a retry minutes later keeps the identity
 * of the firing it retries and the ledger stops it from acting twice.
 */
export function pinFiring(signal: ScheduleSignal, schedule: Schedule, now: Date): ScheduleSignal {
  if (signal.scheduledTime) return signal;
  const firing = latestFiring(schedule.cron, schedule.timezone, now) ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const scheduledTime = firing.toISOString();
  return { ...signal, scheduledTime, id: `schedule:${schedule.name}@${scheduledTime}`, time: scheduledTime };
}

function scheduleAlert(signal: ScheduleSignal, schedule: Schedule, step: AlertStep, runtime: Runtime): Alert {
  const resource = { type: 'function' as const, id: FUNCTION };
  return {
    version: 1,
    kind: 'alert',
    severity: step.severity,
    title: step.title ?? `Schedule ${schedule.name} fired`,
    summary: `schedule ${schedule.name} (${schedule.cron}, ${schedule.timezone}) fired for ${signal.scheduledTime ?? signal.time}`,
    incident: signal.id,
    resource,
    trigger: triggerOf(signal),
    links: consoleLinks(resource, runtime.region),
    time: runtime.now().toISOString(),
  };
}

function unknownSchedule(name: string, schedules: Schedule[]): Rejection {
  const known = schedules.map((s) => s.name).join(', ') || 'none';
  return { shape: `schedule "${name}"`, reason: `no schedule named "${name}" in the policy (known: ${known})` };
}

export async function scaleOnSchedule(event: unknown, runtime: Runtime, context?: { invokedFunctionArn?: string }): Promise<InvocationSummary> {
  const parsed = parseScheduleInput(event);
  const rejected = [...parsed.rejected];
  const firings: { signal: ScheduleSignal; schedule: Schedule }[] = [];
  for (const signal of parsed.signals) {
    const schedule = runtime.policy.schedules.find((s) => s.name === signal.schedule);
    if (schedule) firings.push({ signal: pinFiring(signal, schedule, runtime.now()), schedule });
    else rejected.push(unknownSchedule(signal.schedule, runtime.policy.schedules));
  }
  const summary = newSummary(FUNCTION, firings.map((f) => f.signal), rejected);
  await reportRejections(FUNCTION, rejected, runtime);
  const deps = runDependencies(runtime, accountOf(context));

  for (const { signal, schedule } of firings) {
    logger.info('schedule firing', { schedule: schedule.name, firing: signal.scheduledTime, via: signal.via });
    const outcomes = await runRule(schedule, signal.id, deps);
    recordOutcomes(summary, signal, outcomes);
    await reportOutcomes(outcomes, signal, signal.id, runtime, (step) => scheduleAlert(signal, schedule, step, runtime));
  }
  logger.info('invocation summary', { ...summary });
  throwIfRetryable(summary);
  return summary;
}
