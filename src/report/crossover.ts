// Where warm worker threads start to beat the event loop: given a sweep's points (the swept
// value, the strategy, its per-run samples), the smallest value at which a thread strategy is
// faster than the best event-loop strategy AT THAT VALUE beyond noise (Welch's t-test on the
// samples, p < SIGNIFICANCE, and the lower mean). The samples are the caller's choice of
// figure: the `work` sweep passes the in-process times of its warm runs (src/sweep/crossover.ts),
// older sweeps hyperfine's whole-process times. The sweep prints it and the README states it;
// both use describeCrossover, so they say the same thing.
import { STRATEGIES, type StrategyEntry } from '../strategies/registry.js';
import { differs, formatP, welchTTest, type WelchResult } from './welch.js';

/** One strategy at one value of the swept parameter. Failed points (no timing) are left out by the caller. */
export interface CrossoverPoint {
  value: number;
  /** A registry name, or a variant of one: "threads-reuse c=2", "threads-reuse (C = 100)". */
  strategy: string;
  /** The mean of the samples below (or of what the sweep measured, when it kept no samples). */
  meanSeconds: number;
  /** Per-run samples, seconds (in-process or hyperfine's whole-process times); null when the sweep did not keep them (no test possible). */
  times: readonly number[] | null;
}

export type Side = 'threads' | 'event loop';

// Longest names first, so "async-for" never claims "async-format" and a variant finds its own strategy.
const BY_LENGTH: readonly StrategyEntry[] = [...STRATEGIES].sort((a, b) => b.name.length - a.name.length);

/** The registry entry a label names: the name itself, or the name followed by anything but a letter or digit. */
export function strategyOfLabel(label: string): StrategyEntry | undefined {
  const text = label.trim().toLowerCase();
  return BY_LENGTH.find((entry) => text === entry.name || (text.startsWith(entry.name) && /^[^a-z0-9]/.test(text.slice(entry.name.length))));
}

/**
 * The registry's kind as a side: worker-thread pools are threads; the async strategies and
 * the event-loop controls (async-limit, async-chunk) are the event loop; the no-op reference
 * and unknown commands are neither.
 */
export function sideOf(label: string): Side | null {
  const kind = strategyOfLabel(label)?.kind;
  if (kind === 'thread') return 'threads';
  if (kind === 'async' || kind === 'control') return 'event loop';
  return null;
}

export interface CrossoverFound {
  found: true;
  value: number;
  thread: CrossoverPoint;
  /** The best (lowest mean) event-loop strategy at that value. */
  eventLoop: CrossoverPoint;
  /** How many times faster the threads are: the event loop's mean over the thread strategy's. */
  ratio: number;
  welch: WelchResult;
  /** Smaller values where a thread strategy had the lower mean but no test was possible (no per-run times). */
  untested: number[];
}

export interface NoCrossover {
  found: false;
  /** The largest value at which both sides were measured; null when no value had both. */
  upTo: number | null;
  /** Values where a thread strategy had the lower mean but no test was possible (no per-run times). */
  untested: number[];
}

export type Crossover = CrossoverFound | NoCrossover;

const testable = (point: CrossoverPoint): point is CrossoverPoint & { times: readonly number[] } => point.times !== null && point.times.length >= 2;

/** The smallest value at which a thread strategy beats the best event-loop strategy beyond noise. */
export function findCrossover(points: readonly CrossoverPoint[], side: (label: string) => Side | null = sideOf): Crossover {
  const values = [...new Set(points.map((p) => p.value))].sort((a, b) => a - b);
  const untested: number[] = [];
  let upTo: number | null = null;
  for (const value of values) {
    const here = points.filter((p) => p.value === value && Number.isFinite(p.meanSeconds));
    const eventLoop = here.filter((p) => side(p.strategy) === 'event loop').sort((a, b) => a.meanSeconds - b.meanSeconds)[0];
    const threads = here.filter((p) => side(p.strategy) === 'threads' && eventLoop !== undefined && p.meanSeconds < eventLoop.meanSeconds);
    if (eventLoop === undefined || !here.some((p) => side(p.strategy) === 'threads')) continue;
    upTo = value;
    const winners = threads
      .map((thread) => ({ thread, welch: testable(thread) && testable(eventLoop) ? welchTTest(thread.times, eventLoop.times) : null }))
      .filter((w): w is { thread: CrossoverPoint; welch: WelchResult } => w.welch !== null && differs(w.welch))
      .sort((a, b) => a.thread.meanSeconds - b.thread.meanSeconds);
    const best = winners[0];
    if (best) return { found: true, value, thread: best.thread, eventLoop, ratio: eventLoop.meanSeconds / best.thread.meanSeconds, welch: best.welch, untested };
    if (threads.some((thread) => !testable(thread) || !testable(eventLoop))) untested.push(value);
  }
  return { found: false, upTo, untested };
}

const seconds = (s: number): string => `${s.toFixed(3)} s`;

/**
 * The crossover in one or two sentences. `describe` names a value with its unit and meaning,
 * e.g. (v) => `${v} ms of CPU work per response`; `figure` names the times compared, e.g.
 * "in-process time" (the sentence then says which figure the test rests on).
 */
export function describeCrossover(crossover: Crossover, describe: (value: number) => string = String, figure?: string): string {
  const untested =
    crossover.untested.length === 0
      ? ''
      : ` Not tested at ${crossover.untested.map(describe).join(', ')}, where a thread strategy had the lower mean: the sweep kept no per-run times there.`;
  if (!crossover.found) {
    if (crossover.upTo === null) return 'No crossover can be computed: no value has both a thread strategy and an event-loop strategy measured.';
    return (
      `No crossover up to ${describe(crossover.upTo)}: at no value measured did a thread strategy beat the best event-loop strategy ` +
      `beyond noise (Welch's t-test${figure ? ` on the ${figure}s` : ''}, p < 0.05).${untested}`
    );
  }
  const { thread, eventLoop } = crossover;
  return (
    `Crossover at ${describe(crossover.value)}: \`${thread.strategy}\` beats the best event-loop strategy there, \`${eventLoop.strategy}\`, ` +
    `${crossover.ratio.toFixed(2)} times as fast (${figure ? `mean ${figure} ` : ''}${seconds(thread.meanSeconds)} vs ${seconds(eventLoop.meanSeconds)}; ${formatP(crossover.welch.p)}, Welch's t-test on ${crossover.welch.n[0]} + ${crossover.welch.n[1]} runs).${untested}`
  );
}
