/**
 * What each function gets besides its code: its own role (iam.ts), a queue for the events
 * it failed on after Lambda's retries, and alarms on that queue, its errors and its throttles,
 * all notifying the alert topic. Written once here for the four functions.
 */
import type { IamStatement } from '../../functions/actions/types';
import { getAtt, ref, type CfnResource, type CfnResources, type CfnValue } from './cfn';
import { policyDocument } from './iam';
import { FUNCTIONS, logicalIds, pascal, SERIAL_FUNCTIONS, type FunctionName, type StackNames } from './naming';

/** Declared in infra/alerts.yml. */
export const ALERT_TOPIC_ID = 'AlertTopic';

/** The longest SQS keeps a message: time to notice, fix and replay a failed event. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

const PERIOD_SECONDS = 300;

function alarm(name: string, description: string, metric: { [key: string]: CfnValue }): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: name,
      AlarmDescription: description,
      ...metric,
      Period: PERIOD_SECONDS,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      // No datapoint means nothing failed: an idle function is healthy.
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref(ALERT_TOPIC_ID)],
    },
  };
}

function functionResources(fn: FunctionName, statements: IamStatement[], names: StackNames): CfnResources {
  const ids = logicalIds(fn);
  const functionName = names.function(fn);
  const lambdaDimension = [{ Name: 'FunctionName', Value: ref(ids.function) }];
  // Reserved concurrency 1 makes a burst of events queue up as throttles that Lambda retries:
  // expected, so only throttling through three periods in a row (a backlog) is alarming.
  const throttlePeriods = SERIAL_FUNCTIONS.includes(fn) ? 3 : 1;
  return {
    [ids.role]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `${functionName}: least privilege, derived from the policy`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [{ PolicyName: fn, PolicyDocument: policyDocument(statements) }],
      },
    },
    [ids.failureQueue]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: names.failureQueue(fn),
        MessageRetentionPeriod: FAILURE_RETENTION_SECONDS,
        SqsManagedSseEnabled: true,
      },
    },
    [`${pascal(fn)}FailureQueueAlarm`]: alarm(
      `${functionName}-failed-events`,
      `${functionName} gave up on an event after its retries: it waits in ${names.failureQueue(fn)}`,
      {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.failureQueue, 'QueueName') }],
        Statistic: 'Maximum',
        EvaluationPeriods: 1,
      },
    ),
    [`${pascal(fn)}ErrorsAlarm`]: alarm(`${functionName}-errors`, `${functionName} failed an invocation (Lambda retries it)`, {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: lambdaDimension,
      Statistic: 'Sum',
      EvaluationPeriods: 1,
    }),
    [`${pascal(fn)}ThrottlesAlarm`]: alarm(`${functionName}-throttles`, `${functionName} is being throttled`, {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: lambdaDimension,
      Statistic: 'Sum',
      EvaluationPeriods: throttlePeriods,
      DatapointsToAlarm: throttlePeriods,
    }),
  };
}

export function perFunctionResources(iam: Record<FunctionName, IamStatement[]>, names: StackNames): CfnResources {
  return Object.assign({}, ...FUNCTIONS.map((fn) => functionResources(fn, iam[fn], names))) as CfnResources;
}
