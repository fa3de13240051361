// README's "Is it Node, or JavaScript?": the same client under each runtime, from three committed
// measurements: a headline-sized suite run per runtime (cold), the runtime sweep (warm: pools
// up, no work per response) and bench/runtime-threads.ts (what a worker thread costs). Ratios
// follow the answer's rules: 95% intervals, Welch p Holm-corrected over the table.
import { formatP } from '../common/significance.js';
import { formatInterval, sideOfLabel } from '../report/crossover.js';
import { markdownTable } from '../report/format-markdown.js';
import { loadWords, runLoad } from '../report/run-record.js';
import type { EnvironmentRecord, Run } from '../report/run-set.js';
import { buildTable } from '../report/table.js';
import { joinAnd } from '../report/units.js';
import { parseLabel } from '../strategies/label.js';
import { sweepFigure } from '../sweep/crossover.js';
import { formatValue } from '../sweep/parameters.js';
import type { SweepResult } from '../sweep/result.js';
import { sweepLoad } from '../sweep/summary.js';
import { isJsonObject } from '../common/json.js';
import type { Static } from 'typebox';
import type { RuntimeThreadsSchema } from './schemas.js';
import { seconds } from './words.js';
import { compare, ratioFigures, runSamples, sides, sweepSamples, type Compared, type Sample } from './answer.js';

/** "20.2× (19.1–21.3)", with ", n.s." when no difference is shown. */
function cell(c: Compared | undefined): string {
  if (!c) return '–';
  const [ratio, interval] = ratioFigures(c);
  return `${ratio}×${interval ? ` (${interval})` : ''}${c.shown ? '' : ', n.s.'}`;
}

const runtimeOf = (record: EnvironmentRecord | null): string => {
  const runtime = record?.runtime;
  return isJsonObject(runtime) && typeof runtime.name === 'string' ? runtime.name : typeof record?.node === 'string' ? `node ${record.node}` : 'runtime not recorded';
};

/** One runtime's cold run: async-for (else the fastest event-loop strategy), as warm, and each thread design's sample by its strategy name. */
function coldSamples(run: Run) {
  const { reference, threads } = sides(runSamples(buildTable([run])), 'async-for');
  return { name: runtimeOf(run.environment), reference, designs: new Map(threads.map((s) => [parseLabel(s.strategy)!.strategy.name, s])) };
}

/** The warm sweep per runtime value: async-for (or the fastest event-loop strategy) and each thread design, in-process times. */
function warmSamples(sweep: SweepResult) {
  const designs = [...new Set(sweep.points.filter((p) => sideOfLabel(p.strategy) === 'threads' && !parseLabel(p.strategy)?.aa).map((p) => p.strategy))];
  const byValue = new Map(
    sweep.values.map((value) => {
      const { ours, reference } = sides(sweepSamples(sweep, value), 'async-for');
      const sample = (strategy: string): Sample | undefined => ours.find((s) => s.strategy === strategy);
      return [formatValue(sweep.parameter, value, sweep.labels), { reference, sample }];
    }),
  );
  return { designs, byValue };
}

type RuntimeThreads = Static<typeof RuntimeThreadsSchema>;

/** The section: threads ÷ event loop per runtime, cold and warm; a thread's cost per runtime; the Node trend. */
export function runtimesText(runs: readonly Run[], sweep: SweepResult, threads: RuntimeThreads, links: { reports: [string, string][]; sweep: string }): string {
  const cold = runs.map(coldSamples);
  const warm = warmSamples(sweep);
  const coldDesigns = [...new Set(warm.designs.map((label) => parseLabel(label)!.strategy.name))].filter((name) => cold.some((c) => c.designs.has(name)));
  // Every comparison of the table, tested together.
  const pairs: [Sample, Sample][] = [];
  const index = (a: Sample | undefined, b: Sample | undefined): number => (a && b ? pairs.push([a, b]) - 1 : -1);
  const rows = cold.map((c) => {
    const w = warm.byValue.get(c.name);
    return { c, w, coldAt: coldDesigns.map((d) => index(c.designs.get(d), c.reference)), warmAt: warm.designs.map((d) => index(w?.sample(d), w?.reference)) };
  });
  const compared = compare(pairs);
  const cells = (at: number[]) => at.map((k) => cell(k < 0 ? undefined : compared[k]));
  const loop = (s: Sample | undefined) => (s ? `\`${s.strategy}\` ${seconds(s.meanSeconds)}` : '–');
  const table = markdownTable(
    ['Runtime', 'Cold: event loop', ...coldDesigns.map((d) => `\`${d}\``), 'Warm: event loop', ...warm.designs.map((d) => `\`${d}\``)],
    ['l', 'r', ...coldDesigns.map(() => 'r' as const), 'r', ...warm.designs.map(() => 'r' as const)],
    rows.map(({ c, w, coldAt, warmAt }) => [c.name, loop(c.reference), ...cells(coldAt), loop(w?.reference), ...cells(warmAt)]),
  );
  const costs = markdownTable(
    ['Runtime', 'Engine', 'Spawn to ready, ms', 'MiB per busy thread', 'Mappings per thread'],
    ['l', 'l', 'r', 'r', 'r'],
    threads.results.map((r) => [r.runtime, r.engine, r.perThread.spawnToReadyMs.toFixed(1), r.perThread.busyMiB.toFixed(1), r.perThread.busyMaps.toFixed(0)]),
  );
  const tested = compared.filter((c) => c.p !== null);
  const slower = tested.filter((c) => c.shown && c.ratio > 1);
  const ratios = (list: readonly Compared[]) => `${Math.min(...list.map((c) => c.ratio)).toFixed(2)}–${Math.max(...list.map((c) => c.ratio)).toFixed(2)}`;
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
    nodeTrend(cold, warm),
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
function nodeTrend(cold: ReturnType<typeof coldSamples>[], warm: ReturnType<typeof warmSamples>): string {
  const nodes = cold.filter((c) => c.name.startsWith('node '));
  if (nodes.length < 2) return 'Fewer than two Node versions measured: no trend to state.';
  const version = (c: (typeof nodes)[number]) => c.name.split(' ')[1]!;
  const series: { what: string; samples: (Sample | undefined)[] }[] = [];
  const coldLoop = nodes[0]!.reference?.strategy;
  if (coldLoop) series.push({ what: `cold \`${coldLoop}\``, samples: nodes.map((n) => (n.reference?.strategy === coldLoop ? n.reference : undefined)) });
  if (nodes[0]!.designs.has('threads-reuse')) series.push({ what: 'cold `threads-reuse`', samples: nodes.map((n) => n.designs.get('threads-reuse')) });
  const warmAt = nodes.map((n) => warm.byValue.get(n.name));
  const warmLoop = warmAt[0]?.reference?.strategy;
  if (warmLoop) series.push({ what: `warm \`${warmLoop}\``, samples: warmAt.map((w) => w?.sample(warmLoop)) });
  for (const design of warm.designs.filter((d) => d.startsWith('threads-reuse'))) series.push({ what: `warm \`${design}\``, samples: warmAt.map((w) => w?.sample(design)) });
  const ends = series.map((s) => [s.samples.at(-1), s.samples[0]] as const);
  const tested = compare(ends.filter((pair): pair is readonly [Sample, Sample] => !!pair[0] && !!pair[1]));
  let k = 0;
  const majors = `${version(nodes.at(-1)!).split('.')[0]} ÷ ${version(nodes[0]!).split('.')[0]}`;
  const clauses = series.map((s, i) => {
    const steps = `${s.what} ${s.samples.map((x) => (x ? `${x.meanSeconds.toFixed(3)}` : '–')).join(' → ')} s`;
    if (!ends[i]![0] || !ends[i]![1]) return steps;
    const c = tested[k++]!;
    return `${steps} (${majors}: ${c.ratio.toFixed(2)}${c.interval ? `, ${formatInterval(c.interval)}` : ''}, ${c.p === null ? 'not tested' : formatP(c.p)}${c.shown ? '' : ', no difference shown'})`;
  });
  return `**Node ${nodes.map(version).join(' → ')}**: ${joinAnd(clauses)}; p Holm-corrected over these ${tested.length}.`;
}
