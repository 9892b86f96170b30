/** The few CloudFormation shapes the derivations emit, typed so a misspelt intrinsic does not compile. */

export type CfnValue = string | number | boolean | CfnValue[] | { [key: string]: CfnValue };

export interface CfnResource {
  Type: string;
  Properties: { [key: string]: CfnValue };
}

export type CfnResources = Record<string, CfnResource>;

export const ref = (logicalId: string): CfnValue => ({ Ref: logicalId });

export const getAtt = (logicalId: string, attribute: string): CfnValue => ({ 'Fn::GetAtt': [logicalId, attribute] });

export const sub = (template: string): CfnValue => ({ 'Fn::Sub': template });

/**
 * A string from the action registry or the stack's own statements, where `{region}` and
 * `{account}` are placeholders and ARNs start `arn:aws:`, as a Fn::Sub of the stack's region,
 * account and partition (so the same template serves aws-cn and aws-us-gov). A literal `${`
 * (an IAM policy variable such as `${aws:username}`) is escaped to `${!` first, so Fn::Sub
 * leaves it to IAM. Strings without placeholders stay plain.
 */
export function subPlaceholders(text: string): CfnValue {
  const escaped = text.replaceAll('${', '${!');
  const substituted = escaped
    .replace(/^arn:aws:/, 'arn:${AWS::Partition}:')
    .replaceAll('{region}', '${AWS::Region}')
    .replaceAll('{account}', '${AWS::AccountId}');
  return substituted === escaped ? text : sub(substituted);
}
