// Welch's t-test against reference values from scipy.stats.ttest_ind(a, b, equal_var=False)
// (the computation hyperfine's scripts/welch_ttest.py runs), computed once with SciPy 1.x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatP, welchTTest } from '../../src/common/significance.ts';

const CASES: { a: number[]; b: number[]; t: number; p: number; df: number }[] = [
  { a: [1, 2, 3, 4], b: [2, 3, 5, 7, 9], t: -1.8827029777506377, p: 0.11049571401580044, df: 5.792207858073873 },
  { a: [0.27, 0.268, 0.272, 0.275, 0.269], b: [0.282, 0.276, 0.301, 0.279, 0.29], t: -3.169811732898071, p: 0.027828398364870045, df: 4.604601501020255 },
  { a: [36.3, 36.9, 37.1], b: [5.6, 5.5, 5.7], t: 126.07537428062567, p: 2.4230442524101568e-5, df: 2.230003685956504 },
  { a: [1.0, 1.1], b: [1.05, 1.2, 0.98, 1.1], t: -0.47713785205200265, p: 0.6683763769827172, df: 2.7682487805431646 },
];

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs scipy ${expected}`);

for (const { a, b, t, p, df } of CASES) {
  test(`welch(${a.length} vs ${b.length} values) matches scipy: t ${t.toFixed(3)}, p ${p.toPrecision(3)}`, () => {
    const result = welchTTest(a, b);
    assert.ok(result);
    close(result.t, t, 't');
    close(result.df, df, 'df');
    close(result.p, p, 'p');
    assert.deepEqual(result.n, [a.length, b.length]);
    // Symmetric: swapping the samples flips t, keeps p.
    const swapped = welchTTest(b, a);
    assert.ok(swapped);
    close(swapped.t, -t, 't swapped');
    close(swapped.p, p, 'p swapped');
  });
}

test('fewer than two values on a side: no test', () => {
  assert.equal(welchTTest([1], [1, 2, 3]), null);
  assert.equal(welchTTest([1, 2], []), null);
});

test('no spread at all: p = 1 for equal means, 0 for different ones', () => {
  assert.equal(welchTTest([2, 2, 2], [2, 2])?.p, 1);
  assert.equal(welchTTest([2, 2, 2], [3, 3])?.p, 0);
});

test('formatting a p-value: three decimals, or an exponent below 0.001', () => {
  assert.equal(formatP(welchTTest(CASES[1]!.a, CASES[1]!.b)!.p), 'p = 0.028');
  assert.equal(formatP(welchTTest(CASES[2]!.a, CASES[2]!.b)!.p), 'p = 2.4e-5');
});

// Holm's correction against statsmodels' multipletests(p, method='holm'); the ratio interval against
// the same formulas evaluated with scipy.stats.t (Welch-Satterthwaite df).
test('holm: the step-down adjusted p-values, in input order', async () => {
  const { holm } = await import('../../src/common/significance.ts');
  assert.deepEqual(holm([0.01, 0.04, 0.03, 0.005]).map((p) => Math.round(p * 1e12) / 1e12), [0.03, 0.06, 0.06, 0.02]);
  assert.deepEqual(holm([]), []);
  assert.deepEqual(holm([0.9, 0.8]), [1, 1]);
});

test('ratioInterval: 95% interval on mean(a) / mean(b), log scale, matches scipy', async () => {
  const { ratioInterval } = await import('../../src/common/significance.ts');
  const cases = [
    { a: [0.27, 0.268, 0.272, 0.275, 0.269], b: [0.282, 0.276, 0.301, 0.279, 0.29], ratio: 0.9481792717086838, low: 0.9081820966017934, high: 0.9899379592066654 },
    { a: [36.3, 36.9, 37.1], b: [5.6, 5.5, 5.7], ratio: 6.565476190476188, low: 6.330351021557139, high: 6.809334499922666 },
  ];
  for (const { a, b, ratio, low, high } of cases) {
    const interval = ratioInterval(a, b);
    assert.ok(interval);
    close(interval.ratio, ratio, 'ratio');
    assert.ok(Math.abs(interval.low - low) < 1e-6, `low ${interval.low} vs ${low}`);
    assert.ok(Math.abs(interval.high - high) < 1e-6, `high ${interval.high} vs ${high}`);
  }
  assert.equal(ratioInterval([1], [1, 2]), null);
});
