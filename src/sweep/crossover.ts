// Which figure answers a sweep's question, and the `work` sweep's crossover computed on it.
// A warm sweep asks about a service whose pool is already up: the strategy's own clock
// (in-process elapsedSeconds, measured with --warm after the pools started and connections
// opened) answers that. hyperfine's whole-process time still includes Node's start-up and
// the pool's, so it answers "what does one short-lived process cost" instead; both are shown,
// the crossover rests on the first. Every sweep, sweep.md, the chart and `npm run results`
// get the figure and the crossover from here.
import { describeCrossover, findCrossover, type Crossover, type CrossoverPoint } from '../report/crossover.js';
import type { SweepPoint, SweepResult, StoredCrossover } from './result.js';
import { valueLabel } from './summary.js';

export type Figure = 'in-process' | 'whole-process';

/** The figure's words, as sentences use them: "in-process time", "whole-process time". */
export const FIGURE_WORDS: Record<Figure, string> = { 'in-process': 'in-process time', 'whole-process': 'whole-process time' };

/** A point as the crossover reads it: whole-process times may come from elsewhere (older sweeps: the hyperfine export). */
export type SampledPoint = Omit<SweepPoint, 'times'> & { times?: number[] | null };

function measured(point: SampledPoint): boolean {
  return point.error === undefined && Number.isFinite(point.meanSeconds);
}

/**
 * in-process for a warm sweep whose every measured point has in-process times; whole-process
 * otherwise (sweeps without --warm, and older sweeps that kept no outcomes).
 */
export function sweepFigure(result: SweepResult): Figure {
  const points = result.points.filter(measured);
  return result.fixed.warm === true && points.length > 0 && points.every((p) => p.inProcess) ? 'in-process' : 'whole-process';
}

/** A point's samples and their mean in the chosen figure. */
export function crossoverPoint(point: SampledPoint, figure: Figure): CrossoverPoint {
  if (figure === 'in-process' && point.inProcess) {
    return { value: point.value, strategy: point.strategy, meanSeconds: point.inProcess.meanSeconds, times: point.inProcess.times };
  }
  return { value: point.value, strategy: point.strategy, meanSeconds: point.meanSeconds, times: point.times ?? null };
}

/** "1 ms of CPU work per response" for a work sweep; the value as the table shows it otherwise. */
function describeValue(result: SweepResult): (value: number) => string {
  return result.parameter === 'work' ? (v) => `${v} ms of CPU work per response` : (v) => valueLabel(result, v);
}

export interface SweepCrossover {
  figure: Figure;
  crossover: Crossover;
  sentence: string;
}

/**
 * The smallest value at which a thread strategy beats the best event-loop strategy beyond
 * noise, on the sweep's figure. `points`: the result's points, or the same with the
 * whole-process times found elsewhere.
 */
export function sweepCrossover(result: SweepResult, points: readonly SampledPoint[] = result.points): SweepCrossover {
  const figure = sweepFigure(result);
  const crossover = findCrossover(points.filter(measured).map((p) => crossoverPoint(p, figure)));
  return { figure, crossover, sentence: describeCrossover(crossover, describeValue(result), FIGURE_WORDS[figure]) };
}

/** What sweep.json keeps of it (recomputed from the points whenever the file is read). */
export function storedCrossover({ figure, crossover, sentence }: SweepCrossover): StoredCrossover {
  return { figure, found: crossover.found, value: crossover.found ? crossover.value : null, sentence };
}
