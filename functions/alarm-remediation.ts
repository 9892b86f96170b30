/** Lambda entry point: CloudWatch alarm state changes (EventBridge, SNS or the alarm's Lambda action) → remediation. */
import './stack-traces';
import { alarmRemediation } from './flows/alarm-remediation';
import { handlerFor } from './runner/handler';

export const handler = await handlerFor(alarmRemediation);
