// The A/A control (`--aa`): one command timed twice, under `X` and `X (A/A)`, in the same rounds. The two
// cannot differ but by chance and drift, so their test checks the method: at p < 0.05 about one A/A test
// in twenty comes out "different" by chance, and many more would say the rounds do not hold drift off.
// Each pair is tested on its own (no correction: the count is what is judged), with the equivalence test.
import { ratioOf } from './relative-speed.js';
import type { Row, Table } from './table.js';
import { EQUIVALENCE_MARGIN, equivalenceTest, ratioInterval, welchTTest, type Equivalence, type RatioInterval, type WelchResult } from '../common/significance.js';

export interface AaPair {
  run: string;
  runIndex: number;
  /** The command copied (`X`). */
  strategy: string;
  /** Its copy (`X (A/A)`). */
  control: string;
  original: Row;
  copy: Row;
  /** copy / original mean time, with hyperfine's error; null when a mean is zero. */
  ratio: { ratio: number; stddev: number | null } | null;
  /** 95% confidence interval on that ratio; null without two runs a side. */
  interval: RatioInterval | null;
  /** Welch's t-test of the copy against the original, uncorrected; null without two runs a side. */
  welch: WelchResult | null;
  /** TOST: the copy's mean within ±5% of the original's. */
  equivalence: Equivalence | null;
}

/** Every A/A pair of every run, in table order. */
export function aaControl(table: Table): AaPair[] {
  return table.rows.flatMap((copy): AaPair[] => {
    if (copy.controlOf === null) return [];
    const original = table.rows.find((row) => row.runIndex === copy.runIndex && row.strategy === copy.controlOf);
    if (!original) return [];
    const [a, b] = [copy.result.times, original.result.times];
    const positive = copy.result.mean > 0 && original.result.mean > 0;
    return [
      {
        run: copy.run,
        runIndex: copy.runIndex,
        strategy: original.strategy,
        control: copy.strategy,
        original,
        copy,
        ratio: positive ? ratioOf(copy.result, original.result) : null,
        interval: a && b ? ratioInterval(a, b) : null,
        welch: a && b ? welchTTest(a, b) : null,
        equivalence: a && b ? equivalenceTest(a, b, EQUIVALENCE_MARGIN) : null,
      },
    ];
  });
}
