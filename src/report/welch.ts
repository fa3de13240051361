// Welch's unequal-variances t-test, two-sided, as hyperfine's scripts/welch_ttest.py
// computes it (scipy.stats.ttest_ind(a, b, equal_var=False)). Used wherever the report,
// the sweeps or the README say that two timings differ, or that they do not.

export interface WelchResult {
  /** t statistic of mean(a) - mean(b). */
  t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value: the chance of a difference at least this large if the means were equal. */
  p: number;
  /** Sample sizes the test rests on. */
  n: [number, number];
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const nonZero = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / nonZero(1 - ((a + b) * x) / (a + 1));
  let h = d;
  // One Lentz step with the next coefficient: the factor it multiplies h by.
  const step = (aa: number): number => {
    d = 1 / nonZero(1 + aa * d);
    c = nonZero(1 + aa / c);
    return d * c;
  };
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    h *= step((m * (b - m) * x) / ((a + m2 - 1) * (a + m2)));
    const last = step((-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)));
    h *= last;
    if (Math.abs(last - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t with df degrees of freedom (df may be fractional). */
function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Welch's t-test of two samples (e.g. hyperfine's per-run `times`). Needs at least two
 * values on each side; returns null otherwise. Two samples without any spread: p = 1
 * when the means are equal, 0 when they differ.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const va = x.variance / a.length;
  const vb = y.variance / b.length;
  const n: [number, number] = [a.length, b.length];
  if (va + vb === 0) {
    const same = x.mean === y.mean;
    return { t: same ? 0 : Math.sign(x.mean - y.mean) * Infinity, df: a.length + b.length - 2, p: same ? 1 : 0, n };
  }
  const t = (x.mean - y.mean) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { t, df, p: studentTwoSidedP(t, df), n };
}

/** The conventional threshold the report uses: p below it is "differs", otherwise "within noise". */
export const SIGNIFICANCE = 0.05;

/** "p = 0.003", "p = 1.2e-5"; "p ≈ 0" only for two samples without any spread and different means. */
export function formatP(p: number): string {
  return p === 0 ? 'p ≈ 0' : p < 0.001 ? `p = ${p.toExponential(1)}` : `p = ${p.toFixed(3)}`;
}

/** "p = 0.003 (Welch's t-test, 10 + 10 runs)". */
export function formatWelch(result: WelchResult): string {
  return `${formatP(result.p)} (Welch's t-test, ${result.n[0]} + ${result.n[1]} runs)`;
}

/** Whether the test says the two samples differ (p below SIGNIFICANCE). */
export function differs(result: WelchResult): boolean {
  return result.p < SIGNIFICANCE;
}
