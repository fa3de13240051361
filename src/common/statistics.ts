// The few order statistics the report needs, computed the way hyperfine and the
// chart library do, so the numbers in the table and the chart agree.

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * Quantile of already sorted values with linear interpolation between closest ranks
 * (R-7, as d3/vega's boxplot and numpy's default). p in [0, 1].
 */
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
