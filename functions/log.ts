/** Structured JSON logs (Powertools Logger): one line per fact, searchable in CloudWatch Logs Insights. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'ops-autopilot' });
