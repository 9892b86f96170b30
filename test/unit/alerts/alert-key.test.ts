import { alertKey } from '../../../functions/alerts/slack-threads';
import type { Alert } from '../../../functions/model/alert';

const alert: Alert = {
  version: 1,
  kind: 'action',
  severity: 'info',
  title: 'Done: scaleAutoScalingGroup web-asg',
  summary: 'desired 2 → 3',
  incident: 'alarm:web-cpu-high@2026-11-24T09:00:00.000Z',
  resource: { type: 'auto-scaling-group', id: 'web-asg' },
  trigger: { kind: 'alarm', id: 'alarm:web-cpu-high:ALARM:2026-11-24T09:00:00.000Z', name: 'web-cpu-high', state: 'ALARM' },
  links: [],
  time: '2026-11-24T09:00:01.000Z',
};

describe('alertKey: what slack-notifier posts once', () => {
  it('is the report id when there is one, so a retry that publishes the report again (a later time) is posted once', () => {
    const report = { ...alert, id: 'alarm:web-cpu-high:ALARM:2026-11-24T09:00:00.000Z#web-scale-out#0#done' };
    expect(alertKey({ ...report, time: '2026-11-24T09:01:30.000Z' })).toBe(alertKey(report));
    expect(alertKey({ ...report, id: `${report.id}x` })).not.toBe(alertKey(report));
  });

  it('is the JSON without an id: the same alert is one, another time is another', () => {
    expect(alertKey({ ...alert })).toBe(alertKey(alert));
    expect(alertKey({ ...alert, time: '2026-11-24T09:01:30.000Z' })).not.toBe(alertKey(alert));
  });
});
