// Ours and the Python original's client, in the same hyperfine run against the same
// server: for each strategy run by both (X and original-X), the two times, their ratio
// with hyperfine's error propagation and Welch's t-test; and each side's threads-vs-async
// ratio within that run: every thread strategy's mean time over the same side's
// async-for (how many times longer the threads take than the event loop on that side).
import { ratioOf } from './relative-speed.js';
import { ORIGINAL_PREFIX, parseLabel } from '../strategies/label.js';
import type { Row, Table } from './table.js';
import { welchTTest, type WelchResult } from '../common/significance.js';

export interface Ratio {
  ratio: number;
  stddev: number | null;
}

export interface Comparison {
  ratio: Ratio;
  welch: WelchResult | null;
}

/** One strategy run by both clients: ratio = the original's mean / ours (above 1: ours is faster). */
export interface Pair {
  strategy: string;
  ours: Row;
  original: Row;
  originalOverOurs: Comparison;
}

/** A thread strategy's mean over the same side's async-for mean, for each side that ran both. */
export interface ThreadsVsAsync {
  strategy: string;
  ours: Comparison | null;
  original: Comparison | null;
}

export interface RunSideBySide {
  run: string;
  runIndex: number;
  pairs: Pair[];
  threadsVsAsync: ThreadsVsAsync[];
}

/** The async strategy each side's threads are measured against. */
export const ASYNC_REFERENCE = 'async-for';

function compare(numerator: Row, denominator: Row): Comparison | null {
  if (numerator.result.mean <= 0 || denominator.result.mean <= 0) return null;
  const welch = numerator.result.times && denominator.result.times ? welchTTest(numerator.result.times, denominator.result.times) : null;
  return { ratio: ratioOf(numerator.result, denominator.result), welch };
}

/** One entry per run that has at least one strategy from both clients. */
export function sideBySide(table: Table): RunSideBySide[] {
  return table.runs.flatMap((run, runIndex) => {
    const rows = new Map(table.rows.filter((row) => row.runIndex === runIndex).map((row) => [row.strategy, row]));
    const pairs: Pair[] = [];
    for (const [name, original] of rows) {
      const known = parseLabel(name);
      const ours = known?.client === 'original' ? rows.get(known.strategy.name) : undefined;
      if (!known || !ours) continue;
      const originalOverOurs = compare(original, ours);
      if (originalOverOurs) pairs.push({ strategy: known.strategy.name, ours, original, originalOverOurs });
    }
    if (pairs.length === 0) return [];
    const threadsVsAsync: ThreadsVsAsync[] = [];
    const side = (name: string, prefix: string): Comparison | null => {
      const threads = rows.get(`${prefix}${name}`);
      const reference = rows.get(`${prefix}${ASYNC_REFERENCE}`);
      return threads && reference ? compare(threads, reference) : null;
    };
    const threadNames = [...rows.keys()].map((name) => parseLabel(name)?.strategy).filter((s) => s?.kind === 'thread');
    for (const name of [...new Set(threadNames.map((s) => s?.name as string))]) {
      const entry = { strategy: name, ours: side(name, ''), original: side(name, ORIGINAL_PREFIX) };
      if (entry.ours || entry.original) threadsVsAsync.push(entry);
    }
    return [{ run: run.label, runIndex, pairs, threadsVsAsync }];
  });
}
