/** Lambda entry point: RDS events (EventBridge or an RDS event subscription through SNS) → alerts and rules. */
import type { Context } from 'aws-lambda';
import { alertRdsEvents } from './flows/alert-rds-events';
import { runtimeFromEnvironment } from './runner/runtime';

const runtime = runtimeFromEnvironment();

export const handler = (event: unknown, context?: Context) => alertRdsEvents(event, runtime, context);
