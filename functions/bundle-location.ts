/**
 * The URL of the running function bundle: scripts/build.ts defines OPS_AUTOPILOT_BUNDLE_URL as
 * the bundle's `import.meta.url`. Undefined when the sources run directly (tests, tsx).
 */
declare const OPS_AUTOPILOT_BUNDLE_URL: string | undefined;

export const bundleUrl: string | undefined = typeof OPS_AUTOPILOT_BUNDLE_URL === 'string' ? OPS_AUTOPILOT_BUNDLE_URL : undefined;
