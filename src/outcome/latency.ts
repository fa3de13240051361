import { build } from 'hdr-histogram-js';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentiles in milliseconds from an HDR histogram (microsecond resolution, 3 significant digits). */
const ms = (us: number): number => Math.round(us) / 1000;

export function summarizeLatency(samplesMs: Float64Array): LatencySummary {
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  for (const sample of samplesMs) histogram.recordValue(Math.max(1, Math.round(sample * 1000)));
  const max = histogram.maxValue;
  // A percentile is its bucket's upper edge, which can lie just above the true maximum.
  const at = (percentile: number): number => ms(Math.min(histogram.getValueAtPercentile(percentile), max));
  const summary = { p50: at(50), p90: at(90), p99: at(99), max: ms(max) };
  histogram.destroy();
  return summary;
}
