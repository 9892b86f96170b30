/**
 * Delivers an alert: the audit record in the ledger, then the alert topic. Reporting never
 * masks the outcome: a failure here is logged with the whole alert, and the action's real
 * result stands.
 */
import { publishAlert } from '../alerts/publish';
import type { Alert } from '../model/alert';
import { describeError } from '../aws/errors';
import { logger } from '../log';
import type { Runtime } from './runtime';

export interface AuditRef {
  signalId: string;
  stepRef: string;
}

export async function deliverAlert(alert: Alert, runtime: Runtime, audit?: AuditRef): Promise<void> {
  if (audit) {
    try {
      await runtime.ledger.recordAudit({ ...audit, time: new Date(alert.time), record: { ...alert } });
    } catch (err) {
      logger.error('audit record not written', { error: describeError(err), alert });
    }
  }
  try {
    await publishAlert(runtime.clients.sns, runtime.topicArn, alert);
    logger.info('alert published', { title: alert.title, severity: alert.severity, kind: alert.kind, incident: alert.incident });
  } catch (err) {
    logger.error('alert not published to the alert topic', { error: describeError(err), alert });
  }
}
