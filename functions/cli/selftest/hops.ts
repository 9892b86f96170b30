/** The self-test's result: each hop from the policy to Slack, in order, and whether it worked. */
export const HOPS = ['policy', 'topic', 'listener', 'alarm', 'report', 'dry-run', 'slack', 'cleanup'] as const;
export type HopName = (typeof HOPS)[number];

/** `unknown`: nothing to check it by (Slack in webhook mode); `skipped`: an earlier hop failed. */
export type HopStatus = 'ok' | 'failed' | 'unknown' | 'skipped';

export interface Hop {
  hop: HopName;
  status: HopStatus;
  detail: string;
}

export interface SelftestResult {
  stage: string;
  region: string;
  endpoint?: string;
  alarm: string;
  topic: string;
  passed: boolean;
  hops: Hop[];
}

/** Passed when no hop failed and none was skipped; `unknown` (Slack unobservable) does not fail the run. */
export function passed(hops: readonly Hop[]): boolean {
  return hops.every((h) => h.status === 'ok' || h.status === 'unknown');
}

/** The hops not reached after a failure, so every run lists all of them. */
export function withSkipped(hops: readonly Hop[], because: string): Hop[] {
  const reached = new Set(hops.map((h) => h.hop));
  const rest = HOPS.filter((name) => !reached.has(name) && name !== 'cleanup').map((hop): Hop => ({ hop, status: 'skipped', detail: because }));
  const cleanup = hops.filter((h) => h.hop === 'cleanup');
  return [...hops.filter((h) => h.hop !== 'cleanup'), ...rest, ...cleanup];
}
