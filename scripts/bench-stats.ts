/** Medians and spreads for the bench's tables. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `median ms (min–max)`. */
export function spread(values: number[]): string {
  return `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
}
