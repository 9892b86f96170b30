import { closesIncident, incidentDurationSeconds, placeInThread, type ThreadRoot } from '../../../functions/alerts/incident-thread';
import type { Alert } from '../../../functions/model/alert';
import { actionDone, alertCritical, alertInfo, alertWarning } from './fixtures';

const CHANNEL = 'C0INCIDENTS';
const root = (overrides: Partial<ThreadRoot> = {}): ThreadRoot => ({ channel: CHANNEL, ts: '1790000000.000001', rootAlert: actionDone, ...overrides });
const rdsAlert = (eventId: string, details: Alert['details'] = {}): Alert => ({ ...alertWarning, details: { eventId, ...details } });

describe('closesIncident', () => {
  it.each([
    ['an alarm back to OK', alertInfo, true],
    ['an alarm in ALARM', actionDone, false],
    ['an action triggered by OK', { ...actionDone, trigger: { ...actionDone.trigger, state: 'OK' } }, true],
    ['an RDS event with a measured duration', rdsAlert('RDS-EVENT-0071', { failoverDurationSeconds: 31 }), true],
    ['an RDS end event whose start was not seen', rdsAlert('RDS-EVENT-0049', { incidentStartSeen: false }), true],
    ['an RDS start event', rdsAlert('RDS-EVENT-0013'), false],
    ['an RDS progress event', rdsAlert('RDS-EVENT-0015'), false],
    ['an RDS event the catalogue does not know', rdsAlert('unknown-0123456789'), false],
    ['a schedule action', { ...actionDone, trigger: { kind: 'schedule', id: 's', name: 'weekday-peak' } }, false],
  ] satisfies [string, Alert, boolean][])('%s: %s', (_, alert, closes) => {
    expect(closesIncident(alert)).toBe(closes);
  });
});

describe('placeInThread', () => {
  it('posts a root when the incident has none', () => {
    expect(placeInThread(actionDone, undefined, CHANNEL)).toEqual({ post: 'root' });
  });

  it('replies in the thread of an open incident', () => {
    expect(placeInThread(actionDone, root(), CHANNEL)).toEqual({ post: 'reply', threadTs: '1790000000.000001', resolveRoot: false });
  });

  it('replies and resolves the root when the alert closes an open incident', () => {
    expect(placeInThread(alertInfo, root(), CHANNEL)).toEqual({ post: 'reply', threadTs: '1790000000.000001', resolveRoot: true });
  });

  it('replies without editing again when a second closing alert follows', () => {
    expect(placeInThread(alertInfo, root({ resolvedAt: '2024-05-01T09:00:00.000Z' }), CHANNEL)).toEqual({ post: 'reply', threadTs: '1790000000.000001', resolveRoot: false });
  });

  it('opens a new root when a resolved incident fires again', () => {
    expect(placeInThread(actionDone, root({ resolvedAt: '2024-05-01T09:00:00.000Z' }), CHANNEL)).toEqual({ post: 'root' });
  });

  it('opens a new root when the known root is in another channel', () => {
    expect(placeInThread(actionDone, root({ channel: 'C0OTHER' }), CHANNEL)).toEqual({ post: 'root' });
  });
});

describe('incidentDurationSeconds', () => {
  it('takes the duration the closing alert measured', () => {
    expect(incidentDurationSeconds(actionDone, rdsAlert('RDS-EVENT-0071', { failoverDurationSeconds: 107 }))).toBe(107);
  });

  it('otherwise measures from the root alert to the closing alert', () => {
    // actionDone at 08:00:05.123, alertInfo at 09:00:00.000
    expect(incidentDurationSeconds(actionDone, alertInfo)).toBe(3595);
  });

  it('never goes below zero for a closing alert timed before its root', () => {
    expect(incidentDurationSeconds(alertCritical, alertInfo)).toBe(0);
  });
});
