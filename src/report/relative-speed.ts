// Relative speed as hyperfine computes its "Summary" (src/benchmark/relative_speed.rs):
// the reference is the result with the lowest mean (the first one on a tie); every
// ratio is the slower mean over the faster one, so it is >= 1 against the fastest, and
// its standard deviation is propagated from both means' standard deviations assuming
// independence: sigma = ratio * sqrt((s_a / m_a)^2 + (s_b / m_b)^2).

export interface Timed {
  mean: number;
  stddev: number | null;
}

export interface RelativeSpeed {
  /** >= 1: how many times slower than the reference (hyperfine's "Relative" column). */
  ratio: number;
  /** null when either side has no standard deviation (one run) or a mean is zero. */
  stddev: number | null;
  isReference: boolean;
}

/** Index of the lowest mean; the first on a tie (Rust's min_by keeps the first). */
export function fastestIndex(results: readonly Timed[]): number {
  if (results.length === 0) throw new RangeError('no results to compare');
  let best = 0;
  results.forEach((result, index) => {
    if (result.mean < (results[best] as Timed).mean) best = index;
  });
  return best;
}

export function relativeTo(result: Timed, reference: Timed, isReference: boolean): RelativeSpeed {
  if (result.mean === 0 || reference.mean === 0) {
    return { ratio: isReference ? 1 : Number.POSITIVE_INFINITY, stddev: null, isReference };
  }
  let ratio: number;
  if (result.mean < reference.mean) ratio = reference.mean / result.mean;
  else if (result.mean > reference.mean) ratio = result.mean / reference.mean;
  else ratio = 1;
  const stddev =
    result.stddev !== null && reference.stddev !== null
      ? ratio * Math.sqrt((result.stddev / result.mean) ** 2 + (reference.stddev / reference.mean) ** 2)
      : null;
  return { ratio, stddev, isReference };
}

/** One RelativeSpeed per result, in input order, against the fastest. */
export function relativeSpeeds(results: readonly Timed[]): RelativeSpeed[] {
  const reference = fastestIndex(results);
  return results.map((result, index) => relativeTo(result, results[reference] as Timed, index === reference));
}
