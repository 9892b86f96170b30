/** How a Signal is named in reports. Pure. */
import type { ResourceRef } from '../model/vocabulary';
import type { TriggerRef } from '../model/alert';
import type { Signal } from '../signals/types';

export function triggerOf(signal: Signal): TriggerRef {
  switch (signal.kind) {
    case 'alarm':
      return { kind: 'alarm', id: signal.id, name: signal.alarmName, state: signal.state };
    case 'rds-event':
      return { kind: 'rds-event', id: signal.id, name: signal.eventId, state: signal.sourceId };
    case 'schedule':
      return { kind: 'schedule', id: signal.id, name: signal.schedule };
  }
}

export function describeSignal(signal: Signal): string {
  switch (signal.kind) {
    case 'alarm':
      return `alarm ${signal.alarmName} went ${signal.previousState ? `${signal.previousState} → ` : ''}${signal.state}`;
    case 'rds-event':
      return `${signal.eventId} on ${signal.sourceId}`;
    case 'schedule':
      return `schedule ${signal.schedule}`;
  }
}

export function alarmResource(name: string, arn?: string): ResourceRef {
  return { type: 'alarm', id: name, ...(arn ? { arn } : {}) };
}
