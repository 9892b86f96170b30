/**
 * The clients `validate --check-aws` reads with: the functions' own (Auto Scaling, RDS) and
 * the ones only the doctor needs (CloudWatch alarms, CloudFormation stacks, Application Auto
 * Scaling for Aurora), all read-only and configured alike.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { RDSClient } from '@aws-sdk/client-rds';
import { clientConfig, type AwsClients } from '../../aws/clients';

export interface DoctorClients {
  autoScaling: AutoScalingClient;
  rds: RDSClient;
  cloudWatch: CloudWatchClient;
  cloudFormation: CloudFormationClient;
  applicationAutoScaling: ApplicationAutoScalingClient;
}

export function doctorClients(clients: Pick<AwsClients, 'autoScaling' | 'rds'>): DoctorClients {
  const config = clientConfig();
  return {
    autoScaling: clients.autoScaling,
    rds: clients.rds,
    cloudWatch: new CloudWatchClient(config),
    cloudFormation: new CloudFormationClient(config),
    applicationAutoScaling: new ApplicationAutoScalingClient(config),
  };
}
