// README's answer, from two committed measurements: the headline suite run (cold: one
// short-lived process per run, isolate start-up included) and the work sweep (warm: pools up,
// paths JIT-warm; its 0 ms point, and each thread design's crossover band). Every ratio comes
// with its 95% interval and a Holm-corrected Welch p over the comparisons of its paragraph, as
// docs/methodology.md#how-runs-are-compared states; the A/A controls of both are counted.
import { holm, ratioInterval, welchTTest, type RatioInterval } from '../common/significance.js';
import { loadWords, runLoad } from '../report/run-record.js';
import type { Run } from '../report/run-set.js';
import { buildTable, type Row } from '../report/table.js';
import { formatBytes, formatTimeWithUnit, joinAnd, unitFor } from '../report/units.js';
import { parseLabel } from '../strategies/label.js';
import { liveThreads } from '../strategies/registry.js';
import { crossoverPoint, sweepCrossover, sweepFigure } from '../sweep/crossover.js';
import { formatValue } from '../sweep/parameters.js';
import type { SweepResult } from '../sweep/result.js';
import { cores, coresWords, sweepLoad } from '../sweep/summary.js';
import { machineInBrief, sizes, whereMeasured } from './headline.js';

interface Compared {
  label: string;
  ratio: number;
  interval: RatioInterval | null;
  p: number | null;
}

const pWords = (p: number | null): string => (p === null ? 'not tested' : `p ${p < 0.001 ? `= ${p.toExponential(1)}` : `= ${p.toFixed(3)}`}`);

/** "20.2 times as long (95% CI 19.0–21.5, p = 1e-9)"; p Holm-corrected over the paragraph. */
function ratioWords(c: Compared): string {
  const interval = c.interval ? `95% CI ${c.interval.low.toFixed(c.ratio < 10 ? 2 : 1)}–${c.interval.high.toFixed(c.ratio < 10 ? 2 : 1)}, ` : '';
  const figure = c.ratio < 10 ? c.ratio.toFixed(2) : c.ratio.toFixed(1);
  const shown = c.p !== null && c.p < 0.05;
  return `${figure} times as long${shown ? '' : ', no difference shown'} (${interval}${pWords(c.p)})`;
}

/** Each design's time over the reference's, tested and Holm-corrected together. */
function compareAll(designs: readonly { label: string; times: readonly number[] | null; mean: number }[], reference: { times: readonly number[] | null; mean: number }): Compared[] {
  const tests = designs.map((d) => (d.times && reference.times ? welchTTest(d.times, reference.times) : null));
  const tested = tests.filter((t) => t !== null);
  const adjusted = holm(tested.map((t) => t.p));
  return designs.map((d, i) => ({
    label: d.label,
    ratio: d.mean / reference.mean,
    interval: d.times && reference.times ? ratioInterval(d.times, reference.times) : null,
    p: tests[i] ? (adjusted[tested.indexOf(tests[i]!)] as number) : null,
  }));
}

const isOurs = (row: Row): boolean => parseLabel(row.strategy)?.client === 'ours' && !parseLabel(row.strategy)?.aa;
const sideOf = (label: string) => parseLabel(label)?.strategy.side;

/** The cold paragraph: every thread design against the fastest event-loop strategy of the headline run. */
function coldText(run: Run): string {
  const table = buildTable([run]);
  const unit = unitFor(table.rows.map((r) => r.result.mean));
  const rows = table.rows.filter(isOurs);
  const reference = rows.filter((r) => sideOf(r.strategy) === 'event loop').sort((a, b) => a.result.mean - b.result.mean)[0];
  if (!reference) return 'The headline run measured no event-loop strategy: there is no cold answer to give.';
  const threads = rows.filter((r) => sideOf(r.strategy) === 'threads').sort((a, b) => a.result.mean - b.result.mean);
  const compared = compareAll(threads.map((r) => ({ label: r.strategy, times: r.result.times, mean: r.result.mean })), { times: reference.result.times, mean: reference.result.mean });
  const notFit = table.notFit.map(({ entry }) => `\`${entry.strategy}\` did not fit this machine`);
  // Memory follows the threads a run holds at once: the one that holds the most, by its outcome.
  const queries = Number(run.environment?.parameters && (run.environment.parameters as Record<string, unknown>).queries) || 1000;
  const chunk = Number(run.environment?.parameters && (run.environment.parameters as Record<string, unknown>).chunk) || 100;
  const most = threads
    .filter((r) => r.outcome?.peakRssBytes != null && parseLabel(r.strategy))
    .map((r) => ({ row: r, live: liveThreads(parseLabel(r.strategy)!.strategy, queries, chunk) }))
    .sort((a, b) => b.live - a.live)[0];
  const memory = most ? ` \`${most.row.strategy}\` holds the most threads at once (${most.live.toLocaleString('en')}) and peaked at ${formatBytes(most.row.outcome!.peakRssBytes)}.` : '';
  return (
    `**Cold**, one short-lived process per run with its threads' start-up, as the original measured (${machineInBrief(run.environment)}, ${whereMeasured(run.environment)}; ${sizes(run.environment)}): ` +
    `the fastest event-loop strategy, \`${reference.strategy}\`, took ${formatTimeWithUnit(reference.result.mean, unit)}; ` +
    `${joinAnd([...compared.map((c) => `\`${c.label}\` ${ratioWords(c)}`), ...notFit])}.${memory}`
  );
}

/** The warm paragraph: each thread design against async-for at the work sweep's 0 ms point, on the in-process times. */
function warmText(sweep: SweepResult): string {
  const figure = sweepFigure(sweep);
  const zero = Math.min(...sweep.values);
  const at = sweep.points.filter((p) => p.value === zero && p.error === undefined && !parseLabel(p.strategy)?.aa).map((p) => crossoverPoint(p, figure));
  const reference = at.find((p) => p.strategy === 'async-for') ?? at.filter((p) => sideOf(p.strategy) === 'event loop').sort((a, b) => a.meanSeconds - b.meanSeconds)[0];
  if (!reference) return 'The work sweep measured no event-loop strategy at its first value: there is no warm answer to give.';
  const designs = at.filter((p) => sideOf(p.strategy) === 'threads').map((p) => ({ label: p.strategy, times: p.times, mean: p.meanSeconds }));
  const compared = compareAll(designs, { times: reference.times, mean: reference.meanSeconds });
  return (
    `**Warm**, a service whose pools are up and whose request paths are JIT-warm, with no CPU work per response (the work sweep's ${formatValue(sweep.parameter, zero)} point, ` +
    `${figure === 'in-process' ? 'in-process time' : 'whole-process time'}, ${sweep.fixed.requests} requests): \`${reference.strategy}\` took ${reference.meanSeconds.toFixed(3)} s; ` +
    `${joinAnd(compared.map((c) => `\`${c.label}\` ${ratioWords(c)}`))}.`
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
    const interval = win.interval ? `, 95% CI ${win.interval.low.toFixed(2)}–${win.interval.high.toFixed(2)}` : '';
    return `\`${c.design}\` ${band}, ${win.ratio.toFixed(2)} times as fast as \`${win.eventLoop}\` there${interval}`;
  });
  return `**With CPU work per response** (nominal ms, warm, on ${cores(sweep).length > 0 ? coresWords(sweep) : 'an unrecorded number of cores'}), each thread design beats the best event-loop strategy at every larger value: ${joinAnd(clauses)} ([the crossover](#when-do-worker-threads-pay-off)).`;
}

/** Welch's p of each A/A pair of a suite run: a command and its "(A/A)" copy, timed in the same rounds. */
export function runAaTests(run: Run): number[] {
  const rows = buildTable([run]).rows;
  const times = (label: string) => rows.find((r) => r.strategy === label)?.result.times ?? null;
  return rows
    .filter((r) => parseLabel(r.strategy)?.aa)
    .flatMap((r) => {
      const [a, b] = [times(parseLabel(r.strategy)!.text.replace(' (A/A)', '')), r.result.times];
      const test = a && b ? welchTTest(a, b) : null;
      return test ? [test.p] : [];
    });
}

/** Welch's p of each A/A pair of a sweep, at every value, on the figure its comparisons use. */
export function sweepAaTests(sweep: SweepResult): number[] {
  const figure = sweepFigure(sweep);
  return (sweep.aa ?? []).flatMap(([a, b]) =>
    sweep.values.flatMap((value) => {
      const [pa, pb] = [a, b].map((label) => sweep.points.find((p) => p.value === value && p.strategy === label && p.error === undefined));
      const [ta, tb] = [pa, pb].map((p) => (p ? crossoverPoint(p, figure).times : null));
      const test = ta && tb ? welchTTest(ta, tb) : null;
      return test ? [test.p] : [];
    }),
  );
}

/** "3 of 40 tests came out p < 0.05 (about one in twenty is expected by chance)". */
export function aaWords(ps: readonly number[]): string {
  return `${ps.filter((p) => p < 0.05).length} of ${ps.length} tests came out p < 0.05 (about one in twenty is expected by chance)`;
}

/** How many A/A tests of both measurements came out p < 0.05. */
function aaText(run: Run, sweep: SweepResult): string {
  const ps = [...runAaTests(run), ...sweepAaTests(sweep)];
  return ps.length === 0 ? '' : ` The A/A controls, one command timed twice under two names in the same rounds: ${aaWords(ps)}.`;
}

/** The answer region: cold, warm, where threads pay off, the A/A controls, the machines. */
export function answerText(run: Run, sweep: SweepResult): string {
  return [
    coldText(run),
    '',
    warmText(sweep),
    '',
    crossoverText(sweep),
    '',
    `p: Welch's t-test, Holm-corrected within each paragraph.${aaText(run, sweep)} The headline run: ${loadWords(runLoad(run.environment))}; the work sweep: ${loadWords(sweepLoad(sweep))}.`,
  ].join('\n');
}
