/** Lambda entry point: CloudWatch alarm state changes (EventBridge, SNS or the alarm's Lambda action) → remediation. */
import type { Context } from 'aws-lambda';
import { remediateAlarms } from './flows/remediate-alarms';
import { runtimeFromEnvironment } from './runner/runtime';

const runtime = runtimeFromEnvironment();

export const handler = (event: unknown, context?: Context) => remediateAlarms(event, runtime, context);
