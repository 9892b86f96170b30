/** Lambda entry point: RDS events (EventBridge or an RDS event subscription through SNS) → alerts and rules. */
import { rdsEvents } from './flows/rds-events';
import { handlerFor } from './runner/handler';

export const handler = handlerFor(rdsEvents);
