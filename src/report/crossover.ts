// Where a thread design starts to beat the event loop, robustly: at every value of a sweep, each thread design
// is compared with the best (lowest mean) event-loop design there by Welch's t-test, Holm-corrected over the
// values (one question per design: "from where does it win?"). The crossover is the smallest value from which
// the design wins at every larger one, reported as a band from the last value where it did not, with an
// interval on the ratio. The samples are the caller's figure: the work sweep passes its warm in-process times.
import { ratioInterval, SIGNIFICANCE, type RatioInterval } from '../common/significance.js';
import { testFamily } from './verdict.js';
import { parseLabel } from '../strategies/label.js';

/** One strategy at one value of the swept parameter. Failed points (no timing) are left out by the caller. */
export interface CrossoverPoint {
  value: number;
  /** A label: "threads-reuse c=2", "async-for". */
  strategy: string;
  meanSeconds: number;
  /** Per-run samples, seconds; null when the sweep kept none (no test possible). */
  times: readonly number[] | null;
}

/** Which side a label is on (the registry's side of its strategy). */
export function sideOfLabel(label: string): 'threads' | 'event loop' | 'none' {
  return parseLabel(label)?.strategy.side ?? 'none';
}

/** Every thread design's crossover against the event loop, in the order the designs first appear. */
export function findCrossovers(points: readonly CrossoverPoint[]) {
  const values = [...new Set(points.map((p) => p.value))].sort((a, b) => a - b);
  const designs = [...new Set(points.filter((p) => sideOfLabel(p.strategy) === 'threads' && !parseLabel(p.strategy)?.aa).map((p) => p.strategy))];
  return designs.map((design) => {
    const found = values.flatMap((value) => {
      const here = points.filter((p) => p.value === value && Number.isFinite(p.meanSeconds));
      const thread = here.find((p) => p.strategy === design);
      const eventLoop = here.filter((p) => sideOfLabel(p.strategy) === 'event loop' && !parseLabel(p.strategy)?.aa).sort((a, b) => a.meanSeconds - b.meanSeconds)[0];
      return thread && eventLoop ? [{ value, thread, eventLoop }] : [];
    });
    const tests = testFamily(found.map(({ thread, eventLoop }) => [thread.times, eventLoop.times]));
    const comparisons = found.map(({ value, thread, eventLoop }, i) => {
      // The event loop's mean over the design's: above 1, the design is faster; with its 95% interval (null without two runs a side).
      const ratio = eventLoop.meanSeconds / thread.meanSeconds;
      const interval = thread.times && eventLoop.times ? ratioInterval(eventLoop.times, thread.times) : null;
      // Welch's two-sided p, and Holm's over the design's values (null without two runs a side); wins: faster, and the corrected test says so.
      const adjustedP = tests[i]?.p ?? null;
      const wins = adjustedP !== null && adjustedP < SIGNIFICANCE && ratio > 1;
      return { value, eventLoop: eventLoop.strategy, ratio, interval, p: tests[i]?.welch.p ?? null, adjustedP, wins };
    });
    // from: the first value from which the design wins at every larger value, null when it does not win at the largest;
    // after: the last value below it where it did not, null when it wins everywhere (or never).
    let from: number | null = null;
    for (let i = comparisons.length - 1; i >= 0 && comparisons[i]!.wins; i--) from = comparisons[i]!.value;
    const after = from === null ? null : ([...comparisons].reverse().find((c) => c.value < from! && !c.wins)?.value ?? null);
    return { design, comparisons, from, after };
  });
}

export type DesignCrossover = ReturnType<typeof findCrossovers>[number];
type Comparison = DesignCrossover['comparisons'][number];

/** Comparisons not decided yet: faster by its mean, or the last value below the crossover, while the interval still includes 1. */
export function undecidedComparisons(crossover: DesignCrossover): Comparison[] {
  return crossover.comparisons.filter((c) => c.interval !== null && c.interval.low <= 1 && c.interval.high >= 1 && (c.ratio > 1 || c.value === crossover.after));
}

const times = (ratio: number): string => `${ratio.toFixed(2)} times`;

export function formatInterval(interval: RatioInterval | null): string {
  return interval === null ? 'no interval (fewer than two runs a side)' : `${Math.round(interval.level * 100)}% CI ${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`;
}

const pWords = ({ adjustedP: p }: Comparison): string =>
  p === null ? 'not tested (fewer than two runs a side)' : `Holm-corrected p = ${p < 0.001 ? p.toExponential(1) : p.toFixed(3)}`;

/**
 * The crossover of one design in a sentence. `describe` names a value with its meaning, e.g.
 * (v) => `${v} ms of nominal CPU work per response`, `short` as a table does ("5 ms"); `figure`
 * names the times compared ("in-process time").
 */
export function describeCrossover(crossover: DesignCrossover, describe: (value: number) => string, short: (value: number) => string, figure: string): string {
  const { design, comparisons, from, after } = crossover;
  if (comparisons.length === 0) return `\`${design}\`: no value has it and an event-loop strategy both measured.`;
  if (from === null) {
    const last = comparisons[comparisons.length - 1]!;
    const verdict = last.ratio > 1 ? `faster by its mean (${times(last.ratio)}), no difference shown (${pWords(last)})` : `${times(1 / last.ratio)} as slow as \`${last.eventLoop}\``;
    return `\`${design}\` does not beat the event loop up to ${describe(last.value)}: there it is ${verdict}.`;
  }
  const at = comparisons.find((c) => c.value === from)!;
  const band = after === null ? `at every value measured, from ${describe(from)}` : `from ${describe(from)} on (crossover between ${short(after)} and ${short(from)})`;
  return (
    `\`${design}\` beats the best event-loop strategy ${band}: at ${short(from)} it is ${times(at.ratio)} as fast as \`${at.eventLoop}\` ` +
    `(${formatInterval(at.interval)}; ${pWords(at)}, Welch's t-test on the ${figure}s).`
  );
}
