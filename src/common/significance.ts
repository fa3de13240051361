// The statistics behind every "faster" and "slower" this project prints: Welch's two-sided t-test as
// hyperfine's scripts/welch_ttest.py computes it (scipy.stats.ttest_ind(a, b, equal_var=False)), Holm's
// correction when several tests answer one question, and a confidence interval on a ratio of means.

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

/** Welch-Satterthwaite degrees of freedom of two samples of sizes na, nb whose means have variances va, vb. */
function welchDf(va: number, vb: number, na: number, nb: number): number {
  return (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1));
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

/** Welch's t-test of two samples (e.g. hyperfine's per-run `times`); null without two values a side. Without any spread: p = 1 for equal means, else 0. */
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
  const df = welchDf(va, vb, a.length, b.length);
  return { t, df, p: studentTwoSidedP(t, df), n };
}

/** The conventional threshold: a (corrected) p below it is "differs"; otherwise the test found no difference. */
export const SIGNIFICANCE = 0.05;

/**
 * Holm's step-down correction of p-values that answer one question together (every strategy against
 * the fastest, a design against the event loop at every swept value): the family-wise error stays
 * below SIGNIFICANCE. The adjusted p-values, in input order.
 */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** One-sided p-value of Student's t: P(T >= t). */
function upperTail(t: number, df: number): number {
  const twoSided = studentTwoSidedP(t, df);
  return t >= 0 ? twoSided / 2 : 1 - twoSided / 2;
}

/** Student's t quantile: the t with P(T <= t) = q (bisection on the CDF; q in (0, 1)). */
function studentQuantile(q: number, df: number): number {
  let [low, high] = [-1e3, 1e3];
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (1 - upperTail(mid, df) < q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface RatioInterval {
  /** mean(a) / mean(b). */
  ratio: number;
  low: number;
  high: number;
  /** 0.95 for a 95% interval. */
  level: number;
}

/**
 * A confidence interval on mean(a) / mean(b): log scale, the delta method's standard error, Welch's
 * degrees of freedom (deterministic, unlike a bootstrap: regenerated docs never change by chance).
 * Null without two samples a side.
 */
export function ratioInterval(a: readonly number[], b: readonly number[], level = 0.95): RatioInterval | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  if (x.mean <= 0 || y.mean <= 0) return null;
  const va = x.variance / a.length / x.mean ** 2;
  const vb = y.variance / b.length / y.mean ** 2;
  const ratio = x.mean / y.mean;
  if (va + vb === 0) return { ratio, low: ratio, high: ratio, level };
  const half = studentQuantile(1 - (1 - level) / 2, welchDf(va, vb, a.length, b.length)) * Math.sqrt(va + vb);
  return { ratio, low: ratio * Math.exp(-half), high: ratio * Math.exp(half), level };
}

/** The equivalence margin unless said otherwise: ±5% of the reference's mean (docs/methodology.md). */
export const EQUIVALENCE_MARGIN = 0.05;

export interface Equivalence {
  /** The larger of the two one-sided p-values: below SIGNIFICANCE, the means are within the margin. */
  p: number;
  /** The margin, as a share of mean(b): 0.05 for ±5%. */
  margin: number;
  equivalent: boolean;
}

/**
 * Two one-sided tests (TOST, Welch's version): is mean(a) within ±margin × mean(b) of mean(b)?
 * The only ground on which this project calls two timings equal. Null without two samples a side.
 */
export function equivalenceTest(a: readonly number[], b: readonly number[], margin: number): Equivalence | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const se = Math.sqrt(x.variance / a.length + y.variance / b.length);
  const bound = margin * y.mean;
  const difference = x.mean - y.mean;
  if (se === 0) {
    const inside = Math.abs(difference) < bound;
    return { p: inside ? 0 : 1, margin, equivalent: inside };
  }
  const df = welchDf(x.variance / a.length, y.variance / b.length, a.length, b.length);
  // H0: a is below b by the margin or more (rejected when the difference is large), and H0: a is above by as much.
  const p = Math.max(upperTail((difference + bound) / se, df), 1 - upperTail((difference - bound) / se, df));
  return { p, margin, equivalent: p < SIGNIFICANCE };
}

/** "p = 0.003", "p = 1.2e-5"; "p ≈ 0" only for two samples without any spread and different means. */
export function formatP(p: number): string {
  return p === 0 ? 'p ≈ 0' : p < 0.001 ? `p = ${p.toExponential(1)}` : `p = ${p.toFixed(3)}`;
}

/** Whether the test says the two samples differ (p below SIGNIFICANCE). */
export function differs(result: WelchResult): boolean {
  return result.p < SIGNIFICANCE;
}
