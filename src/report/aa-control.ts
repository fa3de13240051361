// The A/A control (`--aa`): one command timed twice, under `X` and `X (A/A)`, in the same rounds. The two
// cannot differ but by chance and drift, so their test checks the method: at p < 0.05 about one A/A test
// in twenty comes out "different" by chance, and many more would say the rounds do not hold drift off.
// Each pair is tested on its own (no correction: the count is what is judged), with the equivalence test.
import { ratioOf } from './relative-speed.js';
import type { Table } from './table.js';
import { EQUIVALENCE_MARGIN, equivalenceTest, ratioInterval, welchTTest } from '../common/significance.js';

/** Every A/A pair of every run, in table order: the command copied (`strategy`, X) and its copy (`control`, X (A/A)). */
export function aaControl(table: Table) {
  return table.rows.flatMap((copy) => {
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
        // copy / original mean time, with hyperfine's error; null when a mean is zero.
        ratio: positive ? ratioOf(copy.result, original.result) : null,
        // Each null without two runs a side: the 95% interval on that ratio, Welch's t-test (uncorrected), TOST (±5% of the original's mean).
        interval: a && b ? ratioInterval(a, b) : null,
        welch: a && b ? welchTTest(a, b) : null,
        equivalence: a && b ? equivalenceTest(a, b, EQUIVALENCE_MARGIN) : null,
      },
    ];
  });
}

export type AaPair = ReturnType<typeof aaControl>[number];
