// Which figure answers a sweep's question, and the work sweep's crossovers on it. A warm sweep asks
// about a service whose pool is up: the strategy's own clock (in-process, with --warm) answers that;
// hyperfine's whole-process time, start-ups included, answers "what does one short-lived process
// cost". Both are shown; the crossover rests on the first.
import { describeCrossover, findCrossovers, undecidedComparisons, type CrossoverPoint } from '../report/crossover.js';
import { formatValue } from './parameters.js';
import type { SweepPoint, SweepResult } from './result.js';

export type Figure = 'in-process' | 'whole-process';

/** The figure's words, as sentences use them. */
export const FIGURE_WORDS: Record<Figure, string> = { 'in-process': 'in-process time', 'whole-process': 'whole-process time' };

/** A point as the crossover reads it: whole-process times may come from elsewhere (older sweeps: the hyperfine export). */
export type SampledPoint = Omit<SweepPoint, 'times'> & { times?: readonly number[] | null };

function measured(point: SampledPoint): boolean {
  return point.error === undefined && Number.isFinite(point.meanSeconds);
}

/** in-process for a warm sweep whose every measured point has in-process times; whole-process otherwise. */
export function sweepFigure(result: SweepResult): Figure {
  const points = result.points.filter(measured);
  return result.fixed.warm === true && points.length > 0 && points.every((p) => p.inProcess) ? 'in-process' : 'whole-process';
}

/** A point's samples and their mean in the chosen figure. */
export function crossoverPoint(point: SampledPoint, figure: Figure): CrossoverPoint {
  if (figure === 'in-process' && point.inProcess) return { value: point.value, strategy: point.strategy, meanSeconds: point.inProcess.meanSeconds, times: point.inProcess.times };
  return { value: point.value, strategy: point.strategy, meanSeconds: point.meanSeconds, times: point.times ?? null };
}

/**
 * Every thread design's crossover on the sweep's figure, and one sentence per design. `points`: the result's, or the same
 * with whole-process times found elsewhere.
 */
export function sweepCrossover(result: SweepResult, points: readonly SampledPoint[] = result.points) {
  const figure = sweepFigure(result);
  const crossovers = findCrossovers(points.filter(measured).map((p) => crossoverPoint(p, figure)));
  const shown = (v: number) => formatValue(result.parameter, v, result.labels);
  // A work sweep's value in words: "1 ms of nominal CPU work per response".
  const described = result.parameter === 'work' ? (v: number) => `${v} ms of nominal CPU work per response` : shown;
  const sentence =
    crossovers.length === 0
      ? 'No crossover can be computed: no thread design and event-loop strategy were measured at the same value.'
      : crossovers.map((c) => describeCrossover(c, described, shown, FIGURE_WORDS[figure])).join(' ');
  return { figure, crossovers, sentence };
}

/** The commands (`nameOf(label, value)`) that need one more run: both sides of every comparison near a crossover whose interval still includes 1. */
export function undecided(result: SweepResult, nameOf: (label: string, value: number) => string): string[] {
  const { crossovers } = sweepCrossover(result);
  return [...new Set(crossovers.flatMap((c) => undecidedComparisons(c).flatMap((u) => [nameOf(c.design, u.value), nameOf(u.eventLoop, u.value)])))];
}
