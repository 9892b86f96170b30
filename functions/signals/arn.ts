/** The few ARN facts signals need: region, account and the resource's own name. */

export interface ArnParts {
  region: string;
  account: string;
  /** Everything after the account: `alarm:web-cpu-high`, `db:app-db`, `schedule/default/weekday-peak`. */
  resource: string;
}

/** `arn:partition:service:region:account:resource`; undefined when the text is not an ARN. */
export function parseArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, , , region = '', account = ''] = parts;
  return { region, account, resource: parts.slice(5).join(':') };
}

/** The name at the end of an ARN's resource, after its last `/` or `:`. */
export function arnResourceName(arn: string): string | undefined {
  const resource = parseArn(arn)?.resource;
  if (!resource) return undefined;
  return resource.split(/[/:]/).pop() || undefined;
}
