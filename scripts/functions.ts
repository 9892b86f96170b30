/** The four Lambda functions (contract): each bundles functions/<name>.ts into dist/<name>/index.mjs. */
export const FUNCTIONS = ['alarm-remediation', 'rds-events', 'scheduled-scaling', 'slack-notifier'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export const bundlePath = (name: string) => `dist/${name}/index.mjs`;
