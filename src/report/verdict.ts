// The words behind every "slower", "faster" and "equal" of a report, by docs/methodology.md's rules:
// Welch's t-test on the per-run times; where several tests answer one question (every strategy
// against the run's fastest, ours against the original's in one run), Holm's correction over them;
// a difference only below 0.05 after it, otherwise "no difference shown"; and "equal" only where
// the equivalence test (TOST, ±5% of the reference's mean) passes, else "not told apart".
import { EQUIVALENCE_MARGIN, equivalenceTest, formatP, holm, SIGNIFICANCE, welchTTest } from '../common/significance.js';

export type Verdict = 'differ' | 'equal' | 'not told apart';

/**
 * Tests each pair of samples [a, b] (b the reference) as one family, in input order; null where a side has fewer than two runs.
 * `welch`: Welch's t-test of a against b, uncorrected; `p`, the one to judge by: Holm-corrected over the `family` of tests that
 * could run (welch.p in a family of one); `equivalence`: TOST that a's mean lies within ±5% of b's, only where no difference is shown.
 */
export function testFamily(pairs: readonly (readonly [readonly number[] | null, readonly number[] | null] | null)[]) {
  const welches = pairs.map((pair) => (pair && pair[0] && pair[1] ? welchTTest(pair[0], pair[1]) : null));
  const adjusted = holm(welches.flatMap((welch) => (welch ? [welch.p] : [])));
  let k = 0;
  return welches.map((welch, index) => {
    if (!welch) return null;
    const p = adjusted[k++] as number;
    const [a, b] = pairs[index] as readonly [readonly number[], readonly number[]];
    return { welch, p, family: adjusted.length, equivalence: p < SIGNIFICANCE ? null : equivalenceTest(a, b, EQUIVALENCE_MARGIN) };
  });
}

/** A comparison of two samples, tested: `a` against the reference `b`. */
export type Tested = NonNullable<ReturnType<typeof testFamily>[number]>;

export function verdictOf(tested: Tested): Verdict {
  if (tested.p < SIGNIFICANCE) return 'differ';
  return tested.equivalence?.equivalent ? 'equal' : 'not told apart';
}

const percent = (share: number): string => `${Number((share * 100).toFixed(1))}%`;

/** The equivalence margin as the reports write it: ±5%. */
export const MARGIN = `±${Math.round(EQUIVALENCE_MARGIN * 100)}%`;

/** "Holm-corrected p = 0.003" over a family, "p = 0.003" alone. */
function formatTestedP(tested: Tested): string {
  return tested.family > 1 ? `Holm-corrected ${formatP(tested.p)}` : formatP(tested.p);
}

/** "Welch's t-test, 5 + 5 runs" (and how many comparisons it was corrected over). */
function testNote(tested: Tested): string {
  return `Welch's t-test, ${tested.welch.n[0]} + ${tested.welch.n[1]} runs${tested.family > 1 ? `, over ${tested.family} comparisons` : ''}`;
}

/** "equal within ±5% (TOST p = 0.004)" or "not told apart (TOST ±5%: p = 0.31)"; for a comparison that showed no difference. */
function describeEquivalence(tested: Tested): string {
  const equivalence = tested.equivalence;
  const margin = percent(equivalence?.margin ?? EQUIVALENCE_MARGIN);
  if (!equivalence) return 'not told apart';
  return equivalence.equivalent ? `equal within ±${margin} (TOST ${formatP(equivalence.p)})` : `not told apart (TOST ±${margin}: ${formatP(equivalence.p)})`;
}

/**
 * The whole verdict in words: "Holm-corrected p = 1.2e-4 (Welch's t-test, 5 + 5 runs, over 3 comparisons)"
 * for a difference; "no difference shown (Holm-corrected p = 0.45; Welch's t-test, ...), equal within ±5%
 * (TOST p = 0.004)" or "..., not told apart (TOST ±5%: p = 0.31)" otherwise.
 */
export function describeTested(tested: Tested): string {
  if (verdictOf(tested) === 'differ') return `${formatTestedP(tested)} (${testNote(tested)})`;
  return `no difference shown (${formatTestedP(tested)}; ${testNote(tested)}), ${describeEquivalence(tested)}`;
}

/** The JSON form: the corrected and uncorrected p, the family, the equivalence test and the verdict. */
export function testedData(tested: Tested | null) {
  if (!tested) return null;
  const equivalence = tested.equivalence && { p: tested.equivalence.p, margin: tested.equivalence.margin, equivalent: tested.equivalence.equivalent };
  return { p: tested.p, pUncorrected: tested.welch.p, family: tested.family, runs: tested.welch.n, equivalence, verdict: verdictOf(tested) };
}
