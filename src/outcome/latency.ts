export interface LatencySummary { p50: number; p90: number; p99: number; max: number }

const ms = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Exact percentiles in ms (to the microsecond) by nearest rank: the smallest sample that at least p%
 * do not exceed. The client keeps every latency anyway, and sorting them once after the clock is exact
 * and cheap (a million in well under a second); a histogram library would approximate and add a dependency.
 */
export function summarizeLatency(samplesMs: Float64Array): LatencySummary {
  if (samplesMs.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (percentile: number): number => ms(sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] as number);
  return { p50: at(50), p90: at(90), p99: at(99), max: ms(sorted[sorted.length - 1] as number) };
}
