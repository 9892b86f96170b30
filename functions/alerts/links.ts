/**
 * AWS console deep links for the resource an alert is about, so the reader of an email or a
 * Slack message is one click from the alarm, database or group. URL shapes are the ones the
 * console itself uses in its address bar.
 */
import type { ResourceRef, ResourceType } from '../model/vocabulary';
import type { Link } from '../model/alert';

/** How a person names each resource type, in link titles, emails and Slack fields. */
export const RESOURCE_LABELS: Record<ResourceType, string> = {
  alarm: 'CloudWatch alarm',
  'rds-instance': 'RDS instance',
  'rds-cluster': 'RDS cluster',
  'auto-scaling-group': 'Auto Scaling group',
  function: 'Lambda function',
};

/** The console lives on a different host per partition: China and GovCloud are not console.aws.amazon.com. */
function consoleOrigin(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

function consolePath(resource: ResourceRef, region: string): string {
  // Names may hold characters that would end the fragment or break the console's parser.
  const id = encodeURIComponent(resource.id);
  switch (resource.type) {
    case 'alarm':
      return `/cloudwatch/home?region=${region}#alarmsV2:alarm/${id}`;
    case 'rds-instance':
      return `/rds/home?region=${region}#database:id=${id};is-cluster=false`;
    case 'rds-cluster':
      return `/rds/home?region=${region}#database:id=${id};is-cluster=true`;
    case 'auto-scaling-group':
      return `/ec2/home?region=${region}#AutoScalingGroupDetails:id=${id};view=details`;
    case 'function':
      return `/lambda/home?region=${region}#/functions/${id}`;
  }
}

/** Console links for one resource in one region; one link today, a list so callers can add more. */
export function consoleLinks(resource: ResourceRef, region: string): Link[] {
  return [
    {
      title: `${RESOURCE_LABELS[resource.type]} ${resource.id}`,
      url: `${consoleOrigin(region)}${consolePath(resource, region)}`,
    },
  ];
}
