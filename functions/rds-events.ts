/** Lambda entry point: RDS events (EventBridge or an RDS event subscription through SNS) → alerts and rules. */
import './stack-traces';
import { rdsEvents } from './flows/rds-events';
import { handlerFor } from './runner/handler';

export const handler = await handlerFor(rdsEvents);
