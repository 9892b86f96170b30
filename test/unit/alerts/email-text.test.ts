import { changeLines, renderEmailText, renderSmsText, SMS_MAX_CHARS, toAscii, truncate } from '../../../functions/alerts/email-text';
import { actionDone, actionDryRun, actionFailed, actionSkipped, alertCritical, alertInfo, allAlerts } from './fixtures';

describe('renderEmailText', () => {
  it.each(Object.entries(allAlerts))('renders %s as the stored email', (_name, alert) => {
    expect(renderEmailText(alert)).toMatchSnapshot();
  });

  it('starts with severity and title, then the summary', () => {
    const [first, blank, summary] = renderEmailText(actionDone).split('\n');
    expect(first).toBe('[WARNING] Added a read replica to app-db');
    expect(blank).toBe('');
    expect(summary).toBe(actionDone.summary);
  });

  it('says what was done: action, rule, outcome, reason and before → after', () => {
    const text = renderEmailText(actionDone);
    expect(text).toContain('What was done');
    expect(text).toContain('  Action:   addReadReplica (rule db-add-reader)');
    expect(text).toContain('  Outcome:  done');
    expect(text).toContain(`  Reason:   ${actionDone.action?.reason}`);
    expect(text).toContain('  State:    replicas: 1 → 2');
    expect(text).toContain('            instanceClass: db.t3.medium');
  });

  it('shows the failure reason and the state as it was when nothing changed', () => {
    const text = renderEmailText(actionFailed);
    expect(text).toContain('  Outcome:  failed');
    expect(text).toContain('InvalidDBInstanceState');
    expect(text).toContain('  State:    replicas: 2\n');
    expect(text).not.toContain('→');
  });

  it('names resource, trigger, incident, time and links', () => {
    const text = renderEmailText(alertCritical);
    expect(text).toContain('Resource: RDS cluster orders-aurora\n          arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora');
    expect(text).toContain('Trigger:  RDS event RDS-EVENT-0071');
    expect(text).toContain('Incident: rds:orders-aurora:failover');
    expect(text).toContain('Time:     2024-05-01 11:00:30 UTC');
    expect(text).toContain('  newWriter: orders-aurora-reader-1');
    expect(text).toContain(`  ${alertCritical.links[0]?.url}`);
  });

  it('has no "What was done" for a plain alert and no Links section without links', () => {
    const text = renderEmailText(alertInfo);
    expect(text).not.toContain('What was done');
    expect(text).not.toContain('Links');
  });
});

describe('renderSmsText', () => {
  it.each(Object.entries(allAlerts))('renders %s as one ASCII line of at most 140 characters', (_name, alert) => {
    const sms = renderSmsText(alert);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms).toMatch(/^[\x20-\x7e]+$/);
  });

  it('leads with severity and, unless the action was done, its outcome', () => {
    expect(renderSmsText(alertCritical)).toBe('ops-autopilot CRITICAL: Failover completed on orders-aurora');
    expect(renderSmsText(actionDone)).toBe('ops-autopilot WARNING: Added a read replica to app-db');
    expect(renderSmsText(actionDryRun)).toBe('ops-autopilot INFO (dry-run): Would set web-asg capacity for weekday-peak');
    expect(renderSmsText(actionSkipped)).toContain('INFO (skipped): ');
  });

  it('cuts a long title with an ASCII ellipsis', () => {
    const sms = renderSmsText({ ...alertInfo, title: `Replica lag on ${'x'.repeat(300)}` });
    expect(sms).toHaveLength(SMS_MAX_CHARS);
    expect(sms.endsWith('...')).toBe(true);
  });
});

describe('text helpers', () => {
  it('truncate never splits a surrogate pair and marks the cut', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab🚨🚨', 4)).toBe('ab…');
  });

  it('toAscii folds accents and typography and drops line breaks', () => {
    expect(toAscii('Café → “prod”\nline — two…')).toBe('Cafe -> "prod" line - two...');
    expect(toAscii('🚨 alarm')).toBe('? alarm');
  });

  it('changeLines shows before → after only where the action changed something', () => {
    expect(changeLines({ before: { a: 1, b: 'x', c: null }, after: { a: 2, b: 'x', c: null } })).toEqual(['a: 1 → 2', 'b: x', 'c: none']);
    expect(changeLines({ before: { a: 1 }, after: {} })).toEqual(['a: 1']);
    expect(changeLines({ before: {}, after: { id: 'new' } })).toEqual(['id: none → new']);
  });
});
