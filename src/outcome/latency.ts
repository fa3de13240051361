// The plain-JS histogram class on its own: the package index also loads a WebAssembly build (~25 ms).
import histogramModule from 'hdr-histogram-js/dist/Int32Histogram.js';

// A CommonJS module compiled from TypeScript: the class is its `default` export.
const Int32Histogram = histogramModule.default;

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const ms = (us: number): number => Math.round(us) / 1000;

/** Percentiles in milliseconds from an HDR histogram (microsecond resolution, 3 significant digits). */
export function summarizeLatency(samplesMs: Float64Array): LatencySummary {
  // 1 µs to 1 h, 3 significant digits.
  const histogram = new Int32Histogram(1, 3_600_000_000, 3);
  for (const sample of samplesMs) histogram.recordValue(Math.max(1, Math.round(sample * 1000)));
  const max = histogram.maxValue;
  // A percentile is its bucket's upper edge, which can lie just above the true maximum.
  const at = (percentile: number): number => ms(Math.min(histogram.getValueAtPercentile(percentile), max));
  return { p50: at(50), p90: at(90), p99: at(99), max: ms(max) };
}
