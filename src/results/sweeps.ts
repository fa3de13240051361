// The sweeps' figures for docs/sweeps.md and the README's crossover, from committed sweep.json files: a table per
// sweep and the claims its prose needs (ranges, ratios, growth against the rounds of waiting, the barrier's
// expected cost), every "a difference is shown" or "no difference shown" decided by Welch's t-test on the per-run times.
import { markdownTable } from '../report/format-markdown.js';
import { capitalized, formatShare, joinAnd } from '../report/units.js';
import { welchTTest, differs } from '../common/significance.js';
import { sweepCrossover, type Figure } from '../sweep/crossover.js';
import { PARAMETERS } from '../sweep/parameters.js';
import { sweepLoad, valueLabel } from '../sweep/summary.js';
import type { SweepResult } from '../sweep/result.js';
import type { LoadedSweep } from './context.js';
import { coresOf, seconds, when } from './words.js';
import { loadWords } from '../report/run-record.js';

type TimedPoint = LoadedSweep['points'][number];

/** What a sweep region states besides its table. */
export type SweepClaim =
  /** The range of several strategies' times over every value: "took 0.25–0.50 s at every C from 1 to 512". */
  | { kind: 'span'; strategies: string[] }
  /** Where one strategy was fastest and slowest. */
  | { kind: 'extremes'; strategy: string }
  /** A's time over B's at each value: its range, and where Welch's t-test finds a difference. */
  | { kind: 'ratio'; a: string; b: string }
  /** From the first to the last value, against the rounds of waiting the parameter adds (delay, RTT). */
  | { kind: 'growth'; strategies: string[] }
  /** The chunk barrier's expected cost under a uniform server delay, against chunked minus free-flowing. */
  | { kind: 'barrier'; chunked: string; free: string };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (names: readonly string[]): string => joinAnd(names.map((name) => `\`${name}\``));

/** The swept parameter as the tables and sentences name it: "C", "N", "delay". */
const noun = (result: SweepResult): string => PARAMETERS[result.parameter].symbol;

/** "C = 64", "N = 1000", "5 ms". */
function at(result: SweepResult, value: number): string {
  return result.parameter === 'chunk' || result.parameter === 'requests' ? `${noun(result)} = ${value}` : valueLabel(result, value);
}

function measured(sweep: LoadedSweep): TimedPoint[] {
  return sweep.points.filter((p) => p.error === undefined && Number.isFinite(p.meanSeconds));
}

function point(sweep: LoadedSweep, value: number, strategy: string): TimedPoint | undefined {
  return measured(sweep).find((p) => p.value === value && p.strategy === strategy);
}

/** The mean of a point known to be measured (at a value of valuesWith). */
const meanAt = (sweep: LoadedSweep, value: number, strategy: string): number => point(sweep, value, strategy)!.meanSeconds;

/** Values (in order) at which every one of the strategies has a measured point. */
function valuesWith(sweep: LoadedSweep, strategies: readonly string[]): number[] {
  return sweep.result.values.filter((value) => strategies.every((s) => point(sweep, value, s) !== undefined));
}

/** What a table shows of a point: hyperfine's whole-process mean, or the median in-process time of a warm sweep. */
function figureOf(p: TimedPoint | undefined, figure: Figure): { time: number; rate: number | null } | undefined {
  if (figure === 'whole-process') return p && { time: p.meanSeconds, rate: p.requestsPerSecond ?? null };
  return p?.inProcess ? { time: p.inProcess.medianSeconds, rate: p.inProcess.requestsPerSecond } : undefined;
}

/** The table: a row per value, a column per strategy, the figure's time; the fastest (not the no-op reference) in bold. */
function sweepTable(sweep: LoadedSweep, withRate = false, figure: Figure = 'whole-process'): string {
  const { result } = sweep;
  const header = [noun(result), ...result.strategies];
  const rows = result.values.map((value) => {
    const figures = result.strategies.map((strategy) => ({ strategy, f: figureOf(point(sweep, value, strategy), figure) }));
    const fastest = Math.min(...figures.flatMap(({ strategy, f }) => (f && strategy !== 'noop' ? [f.time] : [])));
    const cells = figures.map(({ strategy, f }) => {
      if (!f) return sweep.points.some((q) => q.value === value && q.strategy === strategy) ? 'failed' : '–';
      const rate = withRate && f.rate !== null ? ` (${Math.round(f.rate).toLocaleString('en')}/s)` : '';
      return f.time === fastest && strategy !== 'noop' ? `**${seconds(f.time)}**${rate}` : `${seconds(f.time)}${rate}`;
    });
    return [valueLabel(result, value), ...cells];
  });
  return markdownTable(header, header.map(() => 'r' as const), rows);
}

/** Where Welch's t-test finds A and B different, in words; "not tested" where the sweep kept no per-run times. */
function welchVerdict(sweep: LoadedSweep, a: string, b: string, values: number[]): string {
  const tests = values.map((value) => {
    const [pa, pb] = [point(sweep, value, a)!, point(sweep, value, b)!];
    return { value, welch: pa.times && pb.times ? welchTTest(pa.times, pb.times) : null };
  });
  const untested = tests.filter((t) => t.welch === null);
  if (untested.length === tests.length) return 'not tested: this sweep kept no per-run times';
  const noise = tests.filter((t) => t.welch !== null && !differs(t.welch));
  const runs = tests.find((t) => t.welch !== null)?.welch?.n;
  const basis = runs ? ` (Welch's t-test, p < 0.05, ${runs[0]} + ${runs[1]} runs per point)` : '';
  const where = (tests: typeof untested) => joinAnd(tests.map((t) => at(sweep.result, t.value)));
  // Without an equivalence test, a p above 0.05 shows no difference; it never shows the two equal.
  const verdict = noise.length === 0 ? `a difference is shown at every ${noun(sweep.result)} tested${basis}` : `no difference shown at ${where(noise)}${basis}, shown elsewhere`;
  return untested.length > 0 ? `${verdict}; not tested at ${where(untested)} (no per-run times)` : verdict;
}

/** Each claim's sentence (the kinds: SweepClaim). */
const CLAIMS: { [K in SweepClaim['kind']]: (sweep: LoadedSweep, claim: Extract<SweepClaim, { kind: K }>) => string } = {
  span(sweep, { strategies: wanted }) {
    // Those of the sweep's own strategies the claim is about (e.g. every event-loop strategy it ran).
    const strategies = wanted.filter((s) => sweep.result.strategies.includes(s));
    const values = valuesWith(sweep, strategies);
    const times = values.flatMap((v) => strategies.map((s) => meanAt(sweep, v, s)));
    if (values.length === 0) return `${list(strategies)}: no value with all of them measured.`;
    const [first, last] = [values[0]!, values[values.length - 1]!];
    return `${capitalized(list(strategies))} took ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} at every ${noun(sweep.result)} from ${at(sweep.result, first)} to ${at(sweep.result, last)}.`;
  },
  extremes(sweep, { strategy }) {
    const points = measured(sweep).filter((p) => p.strategy === strategy);
    if (points.length === 0) return `\`${strategy}\`: no measured point.`;
    const best = points.reduce((a, b) => (b.meanSeconds < a.meanSeconds ? b : a));
    const worst = points.reduce((a, b) => (b.meanSeconds > a.meanSeconds ? b : a));
    return `\`${strategy}\` was fastest at ${at(sweep.result, best.value)} (${seconds(best.meanSeconds)}) and slowest at ${at(sweep.result, worst.value)} (${seconds(worst.meanSeconds)}).`;
  },
  ratio(sweep, { a, b }) {
    const values = valuesWith(sweep, [a, b]);
    if (values.length === 0) return `\`${a}\` ÷ \`${b}\`: no value with both measured.`;
    const ratios = values.map((value) => ({ value, ratio: meanAt(sweep, value, a) / meanAt(sweep, value, b) }));
    const low = ratios.reduce((x, y) => (y.ratio < x.ratio ? y : x));
    const high = ratios.reduce((x, y) => (y.ratio > x.ratio ? y : x));
    const figure = (r: typeof low) => `${r.ratio.toFixed(2)}× (${at(sweep.result, r.value)})`;
    const range = ratios.length === 1 ? figure(low) : `from ${figure(low)} to ${figure(high)}`;
    return `\`${a}\`'s time over \`${b}\`'s at the same ${noun(sweep.result)}: ${range}; ${welchVerdict(sweep, a, b, values)}.`;
  },
  growth(sweep, { strategies }) {
    const { result } = sweep;
    const values = valuesWith(sweep, strategies);
    if (values.length < 2) return `${list(strategies)}: fewer than two values measured.`;
    const [first, last] = [values[0]!, values[values.length - 1]!];
    const changes = strategies.map((s) => {
      const [from, to] = [meanAt(sweep, first, s), meanAt(sweep, last, s)];
      return `\`${s}\` ${seconds(from)} → ${seconds(to)} (${to - from >= 0 ? '+' : '−'}${seconds(Math.abs(to - from))})`;
    });
    const rounds = Math.ceil(result.fixed.requests / Math.max(1, result.fixed.chunk));
    return (
      `From ${at(result, first)} to ${at(result, last)}: ${joinAnd(changes)}. ` +
      `${result.fixed.requests} requests at C = ${result.fixed.chunk} wait in ${rounds} rounds, so the waiting alone adds ${rounds} × ${last - first} ms = ${seconds((rounds * (last - first)) / 1000)}.`
    );
  },
  /** E[max of C draws] − mean, for uniform(a, b): what each chunk's slowest request costs beyond the average. */
  barrier(sweep, { chunked, free }) {
    const { result } = sweep;
    const uniform = /^uniform:([\d.]+),([\d.]+)$/.exec(result.fixed.delay.trim());
    if (!uniform) return `No expected barrier cost for server delay "${result.fixed.delay}" (computed for uniform delays only).`;
    const [a, b] = [Number(uniform[1]), Number(uniform[2])];
    const values = valuesWith(sweep, [chunked, free]);
    const lines = values.map((c) => {
      const chunks = Math.ceil(result.fixed.requests / c);
      const expected = (chunks * (a + ((b - a) * c) / (c + 1) - (a + b) / 2)) / 1000;
      const diff = meanAt(sweep, c, chunked) - meanAt(sweep, c, free);
      return `C = ${c}: ${chunks} chunks × ${((expected * 1000) / chunks).toFixed(1)} ms = ${seconds(expected)} expected, ${seconds(diff)} measured`;
    });
    return (
      `The barrier's expected cost, (requests ÷ C) × (expected slowest of C uniform ${a}–${b} ms draws − their mean), ` +
      `against \`${chunked}\` minus \`${free}\`: ${lines.join('; ')}.`
    );
  },
};
const claimText = (sweep: LoadedSweep, claim: SweepClaim): string => (CLAIMS[claim.kind] as (sweep: LoadedSweep, claim: SweepClaim) => string)(sweep, claim);

/** A sweep's region: its table, then each claim as a bullet, then the machine's load when it was busy. */
export function sweepRegion(sweep: LoadedSweep, claims: readonly SweepClaim[]): string {
  const load = sweepLoad(sweep.result);
  const busy = load.busy ? [`- Measured on ${loadWords(load)}: compare lines within this table, not absolute times across sweeps.`] : [];
  return [sweepTable(sweep), '', ...claims.map((claim) => `- ${claimText(sweep, claim)}`), ...busy].join('\n');
}

/** The conditions of every sweep: when, how long, the load, the machine. */
export function conditionsRegion(sweeps: readonly { name: string; sweep: LoadedSweep }[]): string {
  const rows = sweeps.map(({ name, sweep: { result } }) => {
    const { cpuCount, node } = result.environment;
    const load = sweepLoad(result);
    const figure = (n: number | null) => (n === null ? '?' : n.toFixed(1));
    const machine = [typeof cpuCount === 'number' ? String(cpuCount) : '?', typeof node === 'string' ? node : '?'];
    return [`\`${name}\``, when(result.startedAt, result.finishedAt) ?? 'not recorded', `${figure(load.atStart)} / ${figure(load.atEnd)}${load.busy ? ' (busy)' : ''}`, ...machine, `${result.fixed.warmup} + ${result.fixed.runs}`];
  });
  const loads = sweeps.map(({ sweep }) => sweepLoad(sweep.result));
  const busy = loads.filter((load) => load.busy).length;
  const others = loads.map((load) => load.otherCores);
  // Where every sweep recorded what other processes used, that decides; the load at the end counts the sweep's own threads.
  const quiet = others.every((o) => o !== null)
    ? `Every sweep ran on an otherwise idle machine: other processes used at most ${Math.max(...(others as number[])).toFixed(2)} cores while it ran (the 1-minute loads lag: at the start they count work that had ended, such as a previous run's threads, at the end the sweep's own).`
    : 'Every sweep ran with the 1-minute load at or below the core count at start and end.';
  const verdict = busy === 0
    ? quiet
    : `${busy} of ${sweeps.length} sweeps ran on a busy machine (other processes using more than a tenth of a core meanwhile; sweeps without that record: a 1-minute load above the core count): their times are slower and noisier than on a quiet machine, so compare lines within one chart, not absolute seconds across charts.`;
  return [markdownTable(['sweep', 'started (UTC), duration', 'load at start / end', 'cores', 'Node', 'warmup + runs per point'], ['l', 'l', 'r', 'r', 'l', 'r'], rows), '', verdict].join('\n');
}

/** noop's share of the other strategies' time at the same point, over every sweep that has it. */
export function startupRegion(sweeps: readonly LoadedSweep[], threads: string, eventLoop: readonly string[]): string {
  const noops = sweeps.flatMap((sweep) => measured(sweep).filter((p) => p.strategy === 'noop').map((p) => ({ sweep, p })));
  if (noops.length === 0) return 'No committed sweep includes `noop`.';
  const shares = (names: readonly string[]) =>
    noops.flatMap(({ sweep, p }) => names.flatMap((name) => point(sweep, p.value, name) ?? []).map((q) => p.meanSeconds / q.meanSeconds));
  const range = (values: number[]) => (values.length === 0 ? null : `${formatShare(Math.min(...values))}–${formatShare(Math.max(...values))}`);
  const times = noops.map(({ p }) => p.meanSeconds);
  const ran = eventLoop.filter((name) => sweeps.some((sweep) => sweep.result.strategies.includes(name)));
  const [loop, thread] = [range(shares(ran)), range(shares([threads]))];
  return (
    `\`noop\` took ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} at each of its ${noops.length} points in ${plural(new Set(noops.map(({ sweep }) => sweep)).size, 'sweep')}.` +
    (loop ? ` At the same points that is ${loop} of an event-loop strategy's time (${list(ran)})` : '') +
    (thread ? `${loop ? ' and' : ' It is'} ${thread} of \`${threads}\`'s.` : loop ? '.' : '')
  );
}

/**
 * The work sweep's chart and crossover (on the sweep's figure: src/sweep/crossover.ts), the cores;
 * `tables` adds the times it rests on (docs/sweeps.md; the README links there).
 */
export function crossoverRegion(sweep: LoadedSweep, chartLink: string, tables = true): string {
  const { result } = sweep;
  const { figure, sentence } = sweepCrossover(result, sweep.points);
  const { runs, warmup, requests } = result.fixed;
  const env = result.environment as { node?: unknown };
  const inProcess = [
    `In-process time per run (the strategy's own clock with \`--warm\`: pools up and connections open before it starts; median of ${runs} runs), requests per second in brackets. The crossover rests on these:`,
    '',
    sweepTable(sweep, true, 'in-process'),
    '',
    `Whole-process time per run (hyperfine's mean: Node's and the pool's start-up included, what a short-lived process pays), requests per second in brackets:`,
    '',
  ];
  return [
    `![Time and requests per second against CPU work per response](${chartLink})`,
    '',
    ...(tables ? [...(figure === 'in-process' ? inProcess : []), sweepTable(sweep, true), ''] : []),
    `${sentence} Measured on ${coresOf(result)}` +
      `${typeof env.node === 'string' ? `, Node ${env.node}` : ''}, ${requests} requests per run, ${warmup} warmup + ${runs} runs per point, on ${loadWords(sweepLoad(result))}.`,
  ].join('\n');
}
