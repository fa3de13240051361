// README's "Is it Node, or JavaScript?": the same client under each runtime, from three committed
// measurements: a headline-sized suite run per runtime (cold), the runtime sweep (warm: pools
// up, no work per response) and bench/runtime-threads.ts (what a worker thread costs). Ratios
// follow the answer's rules: 95% intervals, Welch p Holm-corrected over the table.
import { formatP, holm, ratioInterval, welchTTest } from '../common/significance.js';
import { markdownTable } from '../report/format-markdown.js';
import { loadWords, runLoad } from '../report/run-record.js';
import type { EnvironmentRecord, Run } from '../report/run-set.js';
import { buildTable } from '../report/table.js';
import { joinAnd } from '../report/units.js';
import { parseLabel } from '../strategies/label.js';
import { crossoverPoint, sweepFigure } from '../sweep/crossover.js';
import { formatValue } from '../sweep/parameters.js';
import type { SweepResult } from '../sweep/result.js';
import { sweepLoad } from '../sweep/summary.js';
import { isJsonObject } from '../common/json.js';
import type { Static } from 'typebox';
import type { RuntimeThreadsSchema } from './schemas.js';

/** Per-run times and their mean: one side of a comparison. */
interface Sample {
  times: readonly number[] | null;
  mean: number;
}

interface Comparison {
  ratio: number;
  low: number | null;
  high: number | null;
  p: number | null;
}

/** a ÷ b for every pair, with Welch p Holm-corrected over all of them. */
function compare(pairs: readonly [Sample, Sample][]): Comparison[] {
  const tests = pairs.map(([a, b]) => (a.times && b.times ? welchTTest(a.times, b.times) : null));
  const tested = tests.flatMap((t, i) => (t ? [i] : []));
  const adjusted = holm(tested.map((i) => tests[i]!.p));
  return pairs.map(([a, b], i) => {
    const interval = a.times && b.times ? ratioInterval(a.times, b.times) : null;
    const k = tested.indexOf(i);
    return { ratio: a.mean / b.mean, low: interval?.low ?? null, high: interval?.high ?? null, p: k < 0 ? null : (adjusted[k] as number) };
  });
}

const digits = (x: number) => (x < 10 ? 2 : 1);
/** "20.2× (19.1–21.3)", with ", n.s." when no difference is shown. */
function cell(c: Comparison | undefined): string {
  if (!c) return '–';
  const interval = c.low !== null && c.high !== null ? ` (${c.low.toFixed(digits(c.ratio))}–${c.high.toFixed(digits(c.ratio))})` : '';
  return `${c.ratio.toFixed(digits(c.ratio))}×${interval}${c.p === null || c.p >= 0.05 ? ', n.s.' : ''}`;
}

const base = (label: string) => parseLabel(label);
const runtimeOf = (record: EnvironmentRecord | null): string => {
  const runtime = record?.runtime;
  return isJsonObject(runtime) && typeof runtime.name === 'string' ? runtime.name : typeof record?.node === 'string' ? `node ${record.node}` : 'runtime not recorded';
};

/** One runtime's cold run: async-for (else the fastest event-loop strategy), as warm, and each thread design's sample by its strategy name. */
function coldSamples(run: Run) {
  const rows = buildTable([run]).rows.filter((r) => base(r.strategy)?.client === 'ours' && !base(r.strategy)?.aa);
  const sample = (r: (typeof rows)[number]): Sample => ({ times: r.result.times, mean: r.result.mean });
  const loops = rows.filter((r) => base(r.strategy)?.strategy.side === 'event loop').sort((a, b) => a.result.mean - b.result.mean);
  const reference = loops.find((r) => r.strategy === 'async-for') ?? loops[0];
  const designs = new Map(rows.filter((r) => base(r.strategy)?.strategy.side === 'threads').map((r) => [base(r.strategy)!.strategy.name, sample(r)]));
  return { name: runtimeOf(run.environment), reference: reference ? { label: reference.strategy, ...sample(reference) } : undefined, designs };
}

/** The warm sweep per runtime value: async-for (or the fastest event-loop strategy) and each thread design, in-process times. */
function warmSamples(sweep: SweepResult) {
  const figure = sweepFigure(sweep);
  const designs = [...new Set(sweep.points.filter((p) => base(p.strategy)?.strategy.side === 'threads' && !base(p.strategy)?.aa).map((p) => p.strategy))];
  const byValue = new Map(
    sweep.values.map((value) => {
      const at = sweep.points.filter((p) => p.value === value && p.error === undefined && !base(p.strategy)?.aa).map((p) => crossoverPoint(p, figure));
      const loop = at.filter((p) => base(p.strategy)?.strategy.side === 'event loop').sort((a, b) => a.meanSeconds - b.meanSeconds);
      const reference = at.find((p) => p.strategy === 'async-for') ?? loop[0];
      const sample = (label: string): Sample | undefined => {
        const p = at.find((q) => q.strategy === label);
        return p ? { times: p.times, mean: p.meanSeconds } : undefined;
      };
      return [formatValue(sweep.parameter, value, sweep.labels), { reference: reference ? { label: reference.strategy, times: reference.times, mean: reference.meanSeconds } : undefined, sample }];
    }),
  );
  return { designs, byValue };
}

export type RuntimeThreads = Static<typeof RuntimeThreadsSchema>;

/** The section: threads ÷ event loop per runtime, cold and warm; a thread's cost per runtime; the Node trend. */
export function runtimesText(runs: readonly Run[], sweep: SweepResult, threads: RuntimeThreads, links: { reports: [string, string][]; sweep: string }): string {
  const cold = runs.map(coldSamples);
  const warm = warmSamples(sweep);
  const coldDesigns = [...new Set(warm.designs.map((label) => base(label)!.strategy.name))].filter((name) => cold.some((c) => c.designs.has(name)));
  const names = cold.map((c) => c.name);
  // Every comparison of the table, tested together.
  const pairs: [Sample, Sample][] = [];
  const index = (a: Sample | undefined, b: Sample | undefined): number => (a && b ? pairs.push([a, b]) - 1 : -1);
  const rows = names.map((name, i) => {
    const c = cold[i]!;
    const w = warm.byValue.get(name);
    return {
      name,
      cold: c.reference,
      coldAt: coldDesigns.map((d) => index(c.designs.get(d), c.reference)),
      warm: w?.reference,
      warmAt: warm.designs.map((d) => index(w?.sample(d), w?.reference)),
    };
  });
  const compared = compare(pairs);
  const at = (k: number) => (k < 0 ? undefined : compared[k]);
  const table = markdownTable(
    ['Runtime', 'Cold: event loop', ...coldDesigns.map((d) => `\`${d}\``), 'Warm: event loop', ...warm.designs.map((d) => `\`${d}\``)],
    ['l', 'r', ...coldDesigns.map(() => 'r' as const), 'r', ...warm.designs.map(() => 'r' as const)],
    rows.map((r) => [
      r.name,
      r.cold ? `\`${r.cold.label}\` ${r.cold.mean.toFixed(3)} s` : '–',
      ...r.coldAt.map((k) => cell(at(k))),
      r.warm ? `\`${r.warm.label}\` ${r.warm.mean.toFixed(3)} s` : '–',
      ...r.warmAt.map((k) => cell(at(k))),
    ]),
  );
  const costs = markdownTable(
    ['Runtime', 'Engine', 'Spawn to ready, ms', 'MiB per busy thread', 'Mappings per thread'],
    ['l', 'l', 'r', 'r', 'r'],
    threads.results.map((r) => [r.runtime, r.engine, r.perThread.spawnToReadyMs.toFixed(1), r.perThread.busyMiB.toFixed(1), r.perThread.busyMaps.toFixed(0)]),
  );
  const tested = compared.filter((c) => c.p !== null);
  const slower = tested.filter((c) => c.p! < 0.05 && c.ratio > 1);
  const ratios = (list: readonly Comparison[]) => `${Math.min(...list.map((c) => c.ratio)).toFixed(2)}–${Math.max(...list.map((c) => c.ratio)).toFixed(2)}`;
  const verdict =
    tested.length === 0
      ? 'No comparison has per-run times to test.'
      : slower.length === tested.length
        ? `On every runtime every thread design took longer than the event loop, cold and warm: ${ratios(tested)} times as long (each Holm-corrected p < 0.05).`
        : `${slower.length} of ${tested.length} comparisons show a thread design slower than the event loop (Holm-corrected p < 0.05); the others are marked n.s. or are faster.`;
  return [
    `The same client under each runtime, our server on ${serverRuntime(runs)}. Cells: a thread design's time ÷ the event loop's, 95% CI; ` +
      `n.s.: no difference shown (Welch, Holm over the ${tested.length} comparisons). Cold: whole processes (${links.reports.map(([name, link]) => `[${name}](${link})`).join(', ')}); ` +
      `warm: ${sweepFigure(sweep)} times of [the runtime sweep](${links.sweep}), pools up, no CPU work, ${sweep.fixed.requests} requests.`,
    '',
    table,
    '',
    verdict,
    '',
    `A worker thread's cost (\`npm run bench:runtime-threads\`, ${threads.threads} threads, median of ${threads.rounds} rounds, load ${threads.machine.loadAtStart[0]} at start):`,
    '',
    costs,
    '',
    nodeTrend(rows, cold, warm),
    '',
    `${coldLoad(runs)}; the runtime sweep on ${loadWords(sweepLoad(sweep))}.`,
  ].join('\n');
}

/** "The cold runs: 5 of 5 on an otherwise idle machine (each report gives its load)", naming any that were not. */
function coldLoad(runs: readonly Run[]): string {
  const busy = runs.filter((run) => runLoad(run.environment).busy).map((run) => runtimeOf(run.environment));
  const idle = runs.length - busy.length;
  return `The cold runs: ${idle} of ${runs.length} on an otherwise idle machine${busy.length > 0 ? ` (not: ${joinAnd(busy)})` : ''}, each report gives its load`;
}

function serverRuntime(runs: readonly Run[]): string {
  const names = [...new Set(runs.map((run) => (typeof run.environment?.serverRuntime === 'string' ? run.environment.serverRuntime : null)).filter((n) => n !== null))];
  return names.length === 1 ? (names[0] as string) : names.length === 0 ? 'the Node running the suite' : joinAnd(names);
}

/** "Node 22 → 24 → 26": each figure per Node version, and the last ÷ the first, tested. */
function nodeTrend(rows: { name: string }[], cold: ReturnType<typeof coldSamples>[], warm: ReturnType<typeof warmSamples>): string {
  const nodes = rows.map((r, i) => ({ name: r.name, i })).filter((r) => r.name.startsWith('node '));
  if (nodes.length < 2) return 'Fewer than two Node versions measured: no trend to state.';
  const [first, last] = [nodes[0]!, nodes.at(-1)!];
  const series: { what: string; samples: (Sample | undefined)[] }[] = [];
  const coldLoop = cold[first.i]!.reference?.label;
  if (coldLoop) series.push({ what: `cold \`${coldLoop}\``, samples: nodes.map((n) => { const r = cold[n.i]!.reference; return r?.label === coldLoop ? r : undefined; }) });
  for (const design of cold[first.i]!.designs.keys()) if (design === 'threads-reuse') series.push({ what: `cold \`${design}\``, samples: nodes.map((n) => cold[n.i]!.designs.get(design)) });
  const warmAt = nodes.map((n) => warm.byValue.get(n.name));
  const warmLoop = warmAt[0]?.reference?.label;
  if (warmLoop) series.push({ what: `warm \`${warmLoop}\``, samples: warmAt.map((w) => w?.sample(warmLoop)) });
  for (const design of warm.designs.filter((d) => d.startsWith('threads-reuse'))) series.push({ what: `warm \`${design}\``, samples: warmAt.map((w) => w?.sample(design)) });
  const ends = series.map((s) => [s.samples.at(-1), s.samples[0]] as const);
  const tested = compare(ends.filter(([a, b]) => a && b) as [Sample, Sample][]);
  let k = 0;
  const clauses = series.map((s, i) => {
    const [a, b] = ends[i]!;
    const steps = s.samples.map((x) => (x ? `${x.mean.toFixed(3)}` : '–')).join(' → ');
    if (!a || !b) return `${s.what} ${steps} s`;
    const c = tested[k++]!;
    const shown = c.p !== null && c.p < 0.05 ? '' : ', no difference shown';
    return `${s.what} ${steps} s (${last.name.split(' ')[1]!.split('.')[0]} ÷ ${first.name.split(' ')[1]!.split('.')[0]}: ${c.ratio.toFixed(2)}${c.low !== null ? `, 95% CI ${c.low.toFixed(2)}–${c.high!.toFixed(2)}` : ''}, ${c.p === null ? 'not tested' : formatP(c.p)}${shown})`;
  });
  return `**Node ${nodes.map((n) => n.name.split(' ')[1]).join(' → ')}**: ${joinAnd(clauses)}; p Holm-corrected over these ${tested.length}.`;
}
