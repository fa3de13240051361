// Ours and the Python original's client in the same hyperfine run against the same server: for each strategy
// run by both (X and original-X), their ratio with hyperfine's error and Welch's t-test; and on each side, every
// thread strategy's mean over the same side's async-for (how many times longer threads take than the event loop).
import { ratioOf } from './relative-speed.js';
import { ORIGINAL_PREFIX, parseLabel } from '../strategies/label.js';
import type { Row, Table } from './table.js';
import { welchTTest, type WelchResult } from '../common/significance.js';

/** The async strategy each side's threads are measured against. */
export const ASYNC_REFERENCE = 'async-for';

/** numerator / denominator of two mean times with hyperfine's error, and Welch's t-test on their per-run times. */
function compare(numerator: Row, denominator: Row): { ratio: ReturnType<typeof ratioOf>; welch: WelchResult | null } | null {
  if (numerator.result.mean <= 0 || denominator.result.mean <= 0) return null;
  const welch = numerator.result.times && denominator.result.times ? welchTTest(numerator.result.times, denominator.result.times) : null;
  return { ratio: ratioOf(numerator.result, denominator.result), welch };
}

export type Comparison = NonNullable<ReturnType<typeof compare>>;
export type RunSideBySide = ReturnType<typeof sideBySide>[number];

/**
 * One entry per run that has at least one strategy from both clients: its pairs (originalOverOurs
 * above 1: ours is faster), and each thread strategy over the same side's async-for, per side.
 */
export function sideBySide(table: Table) {
  return table.runs.flatMap((run, runIndex) => {
    const rows = new Map(table.rows.filter((row) => row.runIndex === runIndex).map((row) => [row.strategy, row]));
    const pairs = [...rows].flatMap(([name, original]) => {
      const known = parseLabel(name);
      const ours = known?.client === 'original' ? rows.get(known.strategy.name) : undefined;
      const originalOverOurs = ours ? compare(original, ours) : null;
      return originalOverOurs ? [{ strategy: known!.strategy.name, ours: ours!, original, originalOverOurs }] : [];
    });
    if (pairs.length === 0) return [];
    const side = (name: string, prefix: string): Comparison | null => {
      const [threads, reference] = [rows.get(`${prefix}${name}`), rows.get(`${prefix}${ASYNC_REFERENCE}`)];
      return threads && reference ? compare(threads, reference) : null;
    };
    const threadNames = new Set([...rows.keys()].map((name) => parseLabel(name)?.strategy).flatMap((s) => (s?.kind === 'thread' ? [s.name] : [])));
    const threadsVsAsync = [...threadNames].map((name) => ({ strategy: name, ours: side(name, ''), original: side(name, ORIGINAL_PREFIX) })).filter((t) => t.ours || t.original);
    return [{ run: run.label, runIndex, pairs, threadsVsAsync }];
  });
}
