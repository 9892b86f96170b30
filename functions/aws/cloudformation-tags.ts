/** Tags CloudFormation puts on the resources it creates (where the resource type takes tags). */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
export const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
