/**
 * scheduled-scaling: direct input, Scheduler or rule event → ScheduleSignal → the schedule it
 * names, its firing pinned → the schedule's steps.
 */
import type { Schedule } from '../policy/schema';
import { parseScheduleInput } from '../signals/schedule';
import type { ScheduleSignal } from '../signals/types';
import { alertEnvelope, triggerOf } from '../runner/alerts';
import { runInvocation, type FlowSpec, type FunctionSpec } from '../runner/pipeline';
import type { LambdaContextLike } from '../runner/request';
import type { Runtime } from '../runner/runtime';

/**
 * Which firing this invocation serves. Scheduler passes the scheduled time; without it, the
 * latest firing of the cron at or before now — so a retry minutes later keeps the identity
 * of the firing it retries and the ledger stops it from acting twice. Only that case needs the
 * cron arithmetic (croner, a sixth of the bundle), so it is loaded then, not at every cold start.
 */
export async function pinFiring(signal: ScheduleSignal, schedule: Pick<Schedule, 'name' | 'cron' | 'timezone'>, now: Date): Promise<ScheduleSignal> {
  if (signal.scheduledTime) return signal;
  const { latestFiring } = await import('../policy/cron');
  const firing = latestFiring(schedule.cron, schedule.timezone, now) ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const scheduledTime = firing.toISOString();
  return { ...signal, scheduledTime, id: `schedule:${schedule.name}@${scheduledTime}`, time: scheduledTime };
}

export const scheduledScalingFlow: FlowSpec<ScheduleSignal> = {
  name: 'scheduled-scaling',
  async select(signal, policy, now) {
    const schedule = policy.schedules.find((s) => s.name === signal.schedule);
    if (!schedule) {
      const known = policy.schedules.map((s) => s.name).join(', ') || 'none';
      return { shape: `schedule "${signal.schedule}"`, reason: `no schedule named "${signal.schedule}" in the policy (known: ${known})` };
    }
    const pinned = await pinFiring(signal, schedule, now);
    const notes = signal.scheduledTime
      ? []
      : [`the event carries no firing time: pinned to the latest firing of "${schedule.cron}" (${schedule.timezone}) at or before now, ${pinned.scheduledTime}`];
    return { signal: pinned, rules: [schedule], notes };
  },
  incident: async (signal) => ({ id: signal.id }),
  renderAlertStep: (signal, step, incident, region) =>
    alertEnvelope(
      {
        kind: 'alert',
        severity: step.severity,
        title: step.title ?? `Schedule ${signal.schedule} fired`,
        summary: `schedule ${signal.schedule} fired for ${signal.scheduledTime ?? signal.time}`,
        incident: incident.id,
        resource: { type: 'function', id: 'scheduled-scaling' },
        trigger: triggerOf(signal),
        time: signal.scheduledTime ?? signal.time,
      },
      region,
    ),
};

export const scheduledScaling: FunctionSpec<ScheduleSignal> = { flow: scheduledScalingFlow, parse: (event, receivedAt) => parseScheduleInput(event, receivedAt) };

export const scaleOnSchedule = (event: unknown, runtime: Runtime, context?: LambdaContextLike) => runInvocation(scheduledScaling, event, runtime, context);
