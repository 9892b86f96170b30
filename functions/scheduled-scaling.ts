/** Lambda entry point: a schedule firing (EventBridge Scheduler, a schedule rule or {"schedule": name}) → capacity and replicas. */
import './stack-traces';
import { scheduledScaling } from './flows/scheduled-scaling';
import { handlerFor } from './runner/handler';

export const handler = await handlerFor(scheduledScaling);
