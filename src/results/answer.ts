// README's answer, from two committed measurements: the headline suite run (cold: one
// short-lived process per run, isolate start-up included) and the work sweep (warm: pools up,
// paths JIT-warm; its 0 ms point, and each thread design's crossover band). Every ratio comes
// with its 95% interval and a Holm-corrected Welch p over the comparisons of its paragraph, as
// docs/methodology.md#how-runs-are-compared states; the A/A controls of both are counted.
import { ratioInterval, SIGNIFICANCE, welchTTest } from '../common/significance.js';
import { formatInterval, sideOfLabel, type CrossoverPoint } from '../report/crossover.js';
import { loadWords, parameter, runLoad } from '../report/run-record.js';
import type { Run } from '../report/run-set.js';
import { buildTable, type Table } from '../report/table.js';
import { formatBytes, formatTimeWithUnit, joinAnd, unitFor } from '../report/units.js';
import { testFamily } from '../report/verdict.js';
import { parseLabel } from '../strategies/label.js';
import { liveThreads } from '../strategies/registry.js';
import { crossoverPoint, FIGURE_WORDS, sweepCrossover, sweepFigure } from '../sweep/crossover.js';
import { formatValue } from '../sweep/parameters.js';
import type { SweepResult } from '../sweep/result.js';
import { sweepLoad } from '../sweep/summary.js';
import { coresOf, seconds } from './words.js';
import { machineInBrief, sizes, whereMeasured } from './headline.js';

/** One strategy's per-run times and their mean: one side of a comparison. */
export type Sample = Pick<CrossoverPoint, 'strategy' | 'times' | 'meanSeconds'>;

/** A suite run's rows as samples (each with its row). */
export const runSamples = (table: Table) =>
  table.rows.map((row) => ({ strategy: row.strategy, times: row.result.times, meanSeconds: row.result.mean, row }));

/** A sweep's measured points at one value as samples, on the figure its comparisons use. */
export function sweepSamples(sweep: SweepResult, value: number): Sample[] {
  const figure = sweepFigure(sweep);
  return sweep.points.filter((p) => p.value === value && p.error === undefined).map((p) => crossoverPoint(p, figure));
}

/** Our client's samples (A/A copies left out), the event loop to compare against (`prefer` when measured, else the fastest), the thread designs. */
export function sides<T extends Sample>(samples: readonly T[], prefer?: string) {
  const ours = samples.filter((s) => parseLabel(s.strategy)?.client === 'ours' && !parseLabel(s.strategy)?.aa);
  const loops = ours.filter((s) => sideOfLabel(s.strategy) === 'event loop').sort((a, b) => a.meanSeconds - b.meanSeconds);
  return { ours, reference: loops.find((s) => s.strategy === prefer) ?? loops[0], threads: ours.filter((s) => sideOfLabel(s.strategy) === 'threads') };
}

/** a ÷ b for every pair, with its 95% interval and Welch's p Holm-corrected over all of them (null: not tested). */
export function compare(pairs: readonly (readonly [Sample, Sample])[]) {
  const tests = testFamily(pairs.map(([a, b]) => [a.times, b.times]));
  return pairs.map(([a, b], i) => {
    const p = tests[i]?.p ?? null;
    const interval = a.times && b.times ? ratioInterval(a.times, b.times) : null;
    return { label: a.strategy, ratio: a.meanSeconds / b.meanSeconds, interval, p, shown: p !== null && p < SIGNIFICANCE };
  });
}
export type Compared = ReturnType<typeof compare>[number];

/** A ratio and its interval's bounds ("19.0–21.5", null without one): two decimals below 10, one above. */
export function ratioFigures({ ratio, interval }: Compared): [string, string | null] {
  const digits = ratio < 10 ? 2 : 1;
  return [ratio.toFixed(digits), interval ? `${interval.low.toFixed(digits)}–${interval.high.toFixed(digits)}` : null];
}

const pWords = (p: number | null): string => (p === null ? 'not tested' : `p = ${p < 0.001 ? p.toExponential(1) : p.toFixed(3)}`);

/** "`threads-reuse` 20.2 times as long (95% CI 19.0–21.5, p = 1e-9)"; p Holm-corrected over the paragraph. */
function ratioWords(c: Compared): string {
  const [ratio, interval] = ratioFigures(c);
  return `\`${c.label}\` ${ratio} times as long${c.shown ? '' : ', no difference shown'} (${interval ? `95% CI ${interval}, ` : ''}${pWords(c.p)})`;
}

/** The cold paragraph: every thread design against the fastest event-loop strategy of the headline run. */
function coldText(run: Run): string {
  const table = buildTable([run]);
  const unit = unitFor(table.rows.map((r) => r.result.mean));
  const { reference, threads } = sides(runSamples(table));
  if (!reference) return 'The headline run measured no event-loop strategy: there is no cold answer to give.';
  threads.sort((a, b) => a.meanSeconds - b.meanSeconds);
  const notFit = table.notFit.map(({ entry }) => `\`${entry.strategy}\` did not fit this machine`);
  // Memory follows the threads a run holds at once: the one that holds the most, by its outcome.
  const [queries, chunk] = [Number(parameter(run.environment, 'queries')) || 1000, Number(parameter(run.environment, 'chunk')) || 100];
  const most = threads
    .filter((s) => s.row.outcome?.peakRssBytes != null)
    .map((s) => ({ s, live: liveThreads(parseLabel(s.strategy)!.strategy, queries, chunk) }))
    .sort((a, b) => b.live - a.live)[0];
  const memory = most ? ` \`${most.s.strategy}\` holds the most threads at once (${most.live.toLocaleString('en')}) and peaked at ${formatBytes(most.s.row.outcome!.peakRssBytes)}.` : '';
  return (
    `**Cold**, one short-lived process per run with its threads' start-up, as the original measured (${machineInBrief(run.environment)}, ${whereMeasured(run.environment)}; ${sizes(run.environment)}): ` +
    `the fastest event-loop strategy, \`${reference.strategy}\`, took ${formatTimeWithUnit(reference.meanSeconds, unit)}; ` +
    `${joinAnd([...compare(threads.map((s) => [s, reference])).map(ratioWords), ...notFit])}.${memory}`
  );
}

/** The warm paragraph: each thread design against async-for at the work sweep's 0 ms point, on the in-process times. */
function warmText(sweep: SweepResult): string {
  const zero = Math.min(...sweep.values);
  const { reference, threads } = sides(sweepSamples(sweep, zero), 'async-for');
  if (!reference) return 'The work sweep measured no event-loop strategy at its first value: there is no warm answer to give.';
  const compared = compare(threads.map((s) => [s, reference]));
  return (
    `**Warm**, a service whose pools are up and whose request paths are JIT-warm, with no CPU work per response (the work sweep's ${formatValue(sweep.parameter, zero)} point, ` +
    `${FIGURE_WORDS[sweepFigure(sweep)]}, ${sweep.fixed.requests} requests): \`${reference.strategy}\` took ${seconds(reference.meanSeconds)}; ${joinAnd(compared.map(ratioWords))}.`
  );
}

/** Each thread design's crossover band, in a clause. */
function crossoverText(sweep: SweepResult): string {
  const { crossovers } = sweepCrossover(sweep);
  const ms = (v: number) => formatValue(sweep.parameter, v);
  const clauses = crossovers.map((c) => {
    if (c.from === null) return `\`${c.design}\` not up to ${ms(Math.max(...sweep.values))}`;
    const win = c.comparisons.find((x) => x.value === c.from)!;
    const band = c.after === null ? `from ${ms(c.from)}, the first value measured` : `from ${ms(c.from)} (between ${ms(c.after)} and ${ms(c.from)})`;
    return `\`${c.design}\` ${band}, ${win.ratio.toFixed(2)} times as fast as \`${win.eventLoop}\` there${win.interval ? `, ${formatInterval(win.interval)}` : ''}`;
  });
  return `**With CPU work per response** (nominal ms, warm, on ${coresOf(sweep)}), each thread design beats the best event-loop strategy at every larger value: ${joinAnd(clauses)} ([the crossover](#when-do-worker-threads-pay-off)).`;
}

/** Welch's p of each A/A pair [command, its copy] found among the samples. */
function aaTests(samples: readonly Sample[], pairs: readonly (readonly [string, string])[]): number[] {
  return pairs.flatMap((pair) => {
    const [a, b] = pair.map((strategy) => samples.find((s) => s.strategy === strategy)?.times);
    const test = a && b ? welchTTest(a, b) : null;
    return test ? [test.p] : [];
  });
}

/** Welch's p of each A/A pair of a suite run: a command and its "(A/A)" copy, timed in the same rounds. */
export function runAaTests(run: Run): number[] {
  const samples = runSamples(buildTable([run]));
  return aaTests(samples, samples.flatMap(({ strategy, row }) => (row.controlOf === null ? [] : [[row.controlOf, strategy] as const])));
}

/** Welch's p of each A/A pair of a sweep, at every value, on the figure its comparisons use. */
export function sweepAaTests(sweep: SweepResult): number[] {
  return sweep.values.flatMap((value) => aaTests(sweepSamples(sweep, value), sweep.aa ?? []));
}

/** "3 of 40 tests came out p < 0.05 (about one in twenty is expected by chance)". */
export function aaWords(ps: readonly number[]): string {
  return `${ps.filter((p) => p < 0.05).length} of ${ps.length} tests came out p < 0.05 (about one in twenty is expected by chance)`;
}

/** The answer region: cold, warm, where threads pay off, the A/A controls, the machines. */
export function answerText(run: Run, sweep: SweepResult): string {
  const ps = [...runAaTests(run), ...sweepAaTests(sweep)];
  const aa = ps.length === 0 ? '' : ` The A/A controls, one command timed twice under two names in the same rounds: ${aaWords(ps)}.`;
  return [
    coldText(run),
    '',
    warmText(sweep),
    '',
    crossoverText(sweep),
    '',
    `p: Welch's t-test, Holm-corrected within each paragraph.${aa} The headline run: ${loadWords(runLoad(run.environment))}; the work sweep: ${loadWords(sweepLoad(sweep))}.`,
  ].join('\n');
}
