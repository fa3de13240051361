// Relative speed as hyperfine computes its "Summary" (src/benchmark/relative_speed.rs): the reference is the
// lowest mean (the first on a tie); every ratio is the slower mean over the faster one (>= 1 against the
// fastest), its error propagated assuming independence: sigma = ratio * sqrt((s_a / m_a)^2 + (s_b / m_b)^2).

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

/** Index of the lowest mean among those that may be the reference (all by default); the first on a tie (Rust's min_by keeps the first). */
export function fastestIndex(results: readonly Timed[], mayBeReference: (index: number) => boolean = () => true): number {
  const candidates = results.flatMap((_, index) => (mayBeReference(index) ? [index] : []));
  if (candidates.length === 0) throw new RangeError('no results to compare');
  return candidates.reduce((best, index) => (results[index]!.mean < results[best]!.mean ? index : best));
}

/**
 * numerator / denominator of two mean times, with the error propagated from both standard
 * deviations as hyperfine does; stddev null when a side has none. Both means must be > 0.
 */
export function ratioOf(numerator: Timed, denominator: Timed): { ratio: number; stddev: number | null } {
  const ratio = numerator.mean / denominator.mean;
  const stddev =
    numerator.stddev !== null && denominator.stddev !== null
      ? ratio * Math.sqrt((numerator.stddev / numerator.mean) ** 2 + (denominator.stddev / denominator.mean) ** 2)
      : null;
  return { ratio, stddev };
}

export function relativeTo(result: Timed, reference: Timed, isReference: boolean): RelativeSpeed {
  if (result.mean === 0 || reference.mean === 0) return { ratio: isReference ? 1 : Number.POSITIVE_INFINITY, stddev: null, isReference };
  // Always the slower over the faster: >= 1.
  const { ratio, stddev } = result.mean >= reference.mean ? ratioOf(result, reference) : ratioOf(reference, result);
  return { ratio, stddev, isReference };
}

/**
 * One RelativeSpeed per result, in input order, against the fastest of those that may be the
 * reference. A result that may not (a control) is its plain ratio to it, below 1 when faster.
 */
export function relativeSpeeds(results: readonly Timed[], mayBeReference: (index: number) => boolean = () => true): RelativeSpeed[] {
  const reference = results[fastestIndex(results, mayBeReference)] as Timed;
  return results.map((result, index) => {
    if (mayBeReference(index) || result.mean === 0 || reference.mean === 0) return relativeTo(result, reference, result === reference);
    return { ...ratioOf(result, reference), isReference: false };
  });
}
