// Ours and the Python original's client in the same hyperfine run against the same server: for each strategy
// run by both (X and original-X), their ratio with hyperfine's error and Welch's t-test; and on each side, every
// thread strategy's mean over the same side's async-for (how many times longer threads take than the event loop).
// The pairs of a run answer one question (which client is faster?), and so do its threads-over-async comparisons
// (do threads take longer?): each family is Holm-corrected, with TOST where no difference is shown (verdict.ts).
import { ratioOf } from './relative-speed.js';
import { ORIGINAL_PREFIX, parseLabel } from '../strategies/label.js';
import type { Row, Table } from './table.js';
import { testFamily } from './verdict.js';

/** The async strategy each side's threads are measured against. */
export const ASYNC_REFERENCE = 'async-for';

/**
 * Each [numerator, denominator] as numerator / denominator of two mean times with hyperfine's error, tested as one family:
 * `welch` uncorrected, `tested` Holm-corrected over the family, with TOST (±5% of the denominator's mean) where no difference is shown.
 */
function compareFamily(pairs: readonly (readonly [Row, Row] | null)[]) {
  const usable = pairs.map((pair) => (pair && pair[0].result.mean > 0 && pair[1].result.mean > 0 ? pair : null));
  const tests = testFamily(usable.map((pair) => (pair ? [pair[0].result.times, pair[1].result.times] : null)));
  return usable.map((pair, i) => {
    if (!pair) return null;
    const tested = tests[i] ?? null;
    return { ratio: ratioOf(pair[0].result, pair[1].result), welch: tested?.welch ?? null, tested };
  });
}

export type Comparison = NonNullable<ReturnType<typeof compareFamily>[number]>;
export type RunSideBySide = ReturnType<typeof sideBySide>[number];

/**
 * One entry per run that has at least one strategy from both clients: its pairs (originalOverOurs
 * above 1: ours is faster), and each thread strategy over the same side's async-for, per side.
 */
export function sideBySide(table: Table) {
  return table.runs.flatMap((run, runIndex) => {
    const rows = new Map(table.rows.filter((row) => row.runIndex === runIndex).map((row) => [row.strategy, row]));
    const found = [...rows].flatMap(([name, original]) => {
      const known = parseLabel(name);
      // The A/A control's copy is no strategy of its own.
      const ours = known?.client === 'original' && !known.aa && original.controlOf === null ? rows.get(known.strategy.name) : undefined;
      return ours ? [{ strategy: known!.strategy.name, ours, original }] : [];
    });
    const compared = compareFamily(found.map(({ ours, original }) => [original, ours] as const));
    const pairs = found.flatMap((pair, i) => (compared[i] ? [{ ...pair, originalOverOurs: compared[i] }] : []));
    if (pairs.length === 0) return [];
    const threadNames = [...new Set([...rows.keys()].map((name) => parseLabel(name)?.strategy).flatMap((s) => (s?.kind === 'thread' ? [s.name] : [])))];
    const sides = threadNames.flatMap((name) =>
      ['', ORIGINAL_PREFIX].map((prefix) => {
        const [threads, reference] = [rows.get(`${prefix}${name}`), rows.get(`${prefix}${ASYNC_REFERENCE}`)];
        return threads && reference ? ([threads, reference] as const) : null;
      }),
    );
    const sideTests = compareFamily(sides);
    const threadsVsAsync = threadNames.map((name, i) => ({ strategy: name, ours: sideTests[2 * i] ?? null, original: sideTests[2 * i + 1] ?? null })).filter((t) => t.ours || t.original);
    return [{ run: run.label, runIndex, pairs, threadsVsAsync }];
  });
}
