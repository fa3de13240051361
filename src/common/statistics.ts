// Order statistics computed as hyperfine and the chart library do, so tables and charts agree.

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Quantile (p in [0, 1]) of sorted values, interpolated between closest ranks (R-7: d3/vega's boxplot, numpy's default). */
export function quantile(ordered: readonly number[], p: number): number {
  if (ordered.length === 0) throw new RangeError('quantile of no values');
  const position = (ordered.length - 1) * p;
  const below = Math.floor(position);
  const lower = ordered[below] as number;
  const upper = ordered[Math.min(below + 1, ordered.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/** Middle value; the mean of the two middle values for an even count (as hyperfine). */
export function median(ordered: readonly number[]): number {
  return quantile(ordered, 0.5);
}
