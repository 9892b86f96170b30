/** Lambda entry point: a schedule firing (EventBridge Scheduler, a schedule rule or {"schedule": name}) → capacity and replicas. */
import type { Context } from 'aws-lambda';
import { scaleOnSchedule } from './flows/scale-on-schedule';
import { runtimeFromEnvironment } from './runner/runtime';

const runtime = runtimeFromEnvironment();

export const handler = (event: unknown, context?: Context) => scaleOnSchedule(event, runtime, context);
