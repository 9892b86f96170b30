import { consoleLinks } from '../../../functions/alerts/links';

describe('consoleLinks', () => {
  it.each([
    ['alarm', 'web-cpu-high', 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/web-cpu-high'],
    ['rds-instance', 'app-db', 'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=app-db;is-cluster=false'],
    ['rds-cluster', 'orders-aurora', 'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=orders-aurora;is-cluster=true'],
    [
      'auto-scaling-group',
      'web-asg',
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=web-asg;view=details',
    ],
    ['function', 'ops-autopilot-rds-events', 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/ops-autopilot-rds-events'],
  ] as const)('links a %s to its console page', (type, id, url) => {
    // Act
    const links = consoleLinks({ type, id }, 'eu-west-1');

    // Assess
    expect(links).toEqual([{ title: expect.stringContaining(id), url }]);
  });

  it('names the resource kind in the title', () => {
    expect(consoleLinks({ type: 'auto-scaling-group', id: 'web-asg' }, 'us-east-1')[0]?.title).toBe('Auto Scaling group web-asg');
  });

  it('encodes names that would otherwise end the fragment or the query', () => {
    const [link] = consoleLinks({ type: 'alarm', id: 'p99 latency > 2s #api' }, 'us-east-1');
    expect(link?.url).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/p99%20latency%20%3E%202s%20%23api');
  });

  it('uses the console host of the China and GovCloud partitions', () => {
    expect(consoleLinks({ type: 'rds-instance', id: 'db' }, 'cn-north-1')[0]?.url).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\/rds\//);
    expect(consoleLinks({ type: 'rds-instance', id: 'db' }, 'us-gov-west-1')[0]?.url).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\/rds\/home\?region=us-gov-west-1#/,
    );
  });
});
