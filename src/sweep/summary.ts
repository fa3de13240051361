// sweep.md, and the words the chart shares with it: what was compared, under which conditions, how
// busy the machine was, each thread design against the event loop, the A/A control's tests, and for
// the work sweep the CPU the work really took.
import { formatP, welchTTest } from '../common/significance.js';
import { formatInterval } from '../report/crossover.js';
import { markdownTable } from '../report/format-markdown.js';
import { busySentence, machineLoad, type MachineLoad } from '../report/run-record.js';
import { crossoverPoint, FIGURE_WORDS, sweepCrossover, sweepFigure, type Figure } from './crossover.js';
import { formatValue, PARAMETERS } from './parameters.js';
import { linkDescription, type SweepPoint, type SweepResult } from './result.js';

/** A value as the table and the chart show it: "5 ms", "node 24.21.0", "64". */
export function valueLabel(result: SweepResult, value: number): string {
  return formatValue(result.parameter, value, result.labels);
}

/** "no server delay", "server delay 20 ms", "server delay uniform 0–40 ms". */
function describeDelay(spec: string): string {
  const [kind, args] = spec.trim().toLowerCase().split(':');
  if (args === undefined) return Number(kind) === 0 ? 'no server delay' : `server delay ${kind} ms`;
  const [a, b] = args.split(',');
  if (kind === 'uniform') return `server delay uniform ${a}–${b} ms`;
  if (kind === 'normal') return `server delay normal, mean ${a} ms, sd ${b} ms`;
  return Number(a) === 0 ? 'no server delay' : `server delay ${a} ms`;
}

/** Where the requests went: "loopback", "loopback, 5 ms RTT (latency proxy)", or netns-run.sh's own description. */
function sweepConditions(result: SweepResult): string {
  const conditions = (result.environment.conditions ?? {}) as { network?: unknown };
  const network = typeof conditions.network === 'string' ? conditions.network : null;
  // With --target env the server is someone else's: its delay is only known when the link's description says it.
  const external = result.target.includes('BENCHMARK_SERVER_HOST');
  const parts: string[] = [];
  if (network?.startsWith('netns')) parts.push(network.replace(/server delay (\S+)$/, (_, spec: string) => describeDelay(spec)));
  else if (result.parameter === 'rtt') parts.push('loopback through the latency proxy');
  else if (result.fixed.rtt > 0) parts.push(`loopback, ${result.fixed.rtt} ms RTT (latency proxy)`);
  else parts.push(network ?? linkDescription(result));
  if (result.parameter !== 'delay' && !external && !parts[0]?.includes('server delay')) parts.push(describeDelay(result.fixed.delay));
  return parts.join(', ');
}

/** The core counts the points ran on (one, unless points were merged from several machines), else the environment's. */
export function cores(result: SweepResult): number[] {
  const counted = [...new Set(result.points.map((p) => p.cores).filter((c): c is number => c !== undefined))].sort((a, b) => a - b);
  const cpuCount = (result.environment as { cpuCount?: unknown }).cpuCount;
  return counted.length > 0 ? counted : typeof cpuCount === 'number' ? [cpuCount] : [];
}

/** "2 cores", "1 core", "2 and 4 cores". */
export function coresWords(result: SweepResult): string {
  const counts = cores(result);
  return `${counts.join(' and ')} ${counts.length === 1 && counts[0] === 1 ? 'core' : 'cores'}`;
}

/** "Time for 1000 requests vs concurrency C, loopback, no server delay". */
export function sweepTitle(result: SweepResult): string {
  const what = PARAMETERS[result.parameter].describe(result.fixed);
  const where = result.parameter === 'work' && cores(result).length > 0 ? ` on ${coresWords(result)}` : '';
  return `${what}${where}, ${sweepConditions(result)}`;
}

/** The sweep's load: at start from its environment record, at end as the sweep recorded it. */
export function sweepLoad(result: SweepResult): MachineLoad {
  const env = result.environment as { loadAverage?: unknown; loadAverageAtEnd?: unknown; cpuCount?: unknown; otherCpu?: unknown; conditions?: { loadAverageAtStart?: unknown } };
  return machineLoad(env.loadAverage ?? env.conditions?.loadAverageAtStart, env.loadAverageAtEnd ?? result.loadAverageAtEnd, env.cpuCount, env.otherCpu);
}

/** "Measured on a busy machine: load 31.6 at start, 12.0 at end, 2 cores", or null on a quiet one. */
export function busyNote(result: SweepResult): string | null {
  const load = sweepLoad(result);
  return load.busy ? busySentence(load) : null;
}

const loads = (value: unknown): string => (Array.isArray(value) ? value.join(' ') : String(value ?? '?'));

/** The measured point of a strategy at a value; undefined when there is none, null when it failed. */
function pointAt(result: SweepResult, value: number, strategy: string): SweepPoint | null | undefined {
  const p = result.points.find((q) => q.value === value && q.strategy === strategy);
  return p === undefined ? undefined : p.error !== undefined ? null : p;
}

/** A row per value, a right-aligned column per name. */
function valueTable(result: SweepResult, names: readonly string[], cell: (value: number, index: number) => string): string {
  const rows = result.values.map((value) => [valueLabel(result, value), ...names.map((_, index) => cell(value, index))]);
  return markdownTable([result.parameter, ...names], ['r', ...names.map(() => 'r' as const)], rows);
}

/** A table of one figure: a column per strategy. */
function figureTable(result: SweepResult, cell: (p: SweepPoint) => string): string {
  return valueTable(result, result.strategies, (value, index) => {
    const p = pointAt(result, value, result.strategies[index]!);
    return p === undefined ? '' : p === null ? 'failed' : cell(p);
  });
}

const rate = (perSecond: number | null | undefined): string => (perSecond == null ? '' : ` (${Math.round(perSecond)}/s)`);

function wholeProcessCell(p: SweepPoint): string {
  return `${p.meanSeconds.toFixed(3)} ± ${p.stddevSeconds.toFixed(3)}${rate(p.requestsPerSecond)}`;
}

function inProcessCell(p: SweepPoint): string {
  if (!p.inProcess) return '–';
  const { times, medianSeconds, requestsPerSecond } = p.inProcess;
  return `${medianSeconds.toFixed(3)} [${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)}]${rate(requestsPerSecond)}`;
}

function workCell(p: SweepPoint): string {
  const cpu = p.inProcess?.workCpuMsPerResponse;
  return cpu == null ? '–' : `${cpu.toFixed(2)} (${p.value > 0 ? `${(cpu / p.value).toFixed(2)}×` : '–'})`;
}

/** Each thread design against the best event loop at each value: ratio, interval, Holm-corrected p. */
function sidesTable(result: SweepResult, figure: Figure): string | null {
  const { crossovers } = sweepCrossover(result);
  if (crossovers.length === 0) return null;
  const table = valueTable(result, crossovers.map((c) => c.design), (value, index) => {
    const at = crossovers[index]!.comparisons.find((x) => x.value === value);
    if (!at) return '–';
    const p = at.adjustedP === null ? 'not tested' : formatP(at.adjustedP);
    const cell = `${at.ratio.toFixed(2)}× vs ${at.eventLoop} [${formatInterval(at.interval).replace(/^95% CI /, '')}], ${p}`;
    return at.wins ? `**${cell}**` : cell;
  });
  return [
    `At each value, each thread design against the best event-loop strategy there: the event loop's mean ${FIGURE_WORDS[figure]} over the design's (above 1: the design is faster), its 95% interval, and Welch's t-test Holm-corrected over the values of that design. **Bold**: the design wins (corrected p < 0.05).`,
    '',
    table,
  ].join('\n');
}

/** The A/A control: each pair (a command and its second copy) tested at every value; how many came out p < 0.05. */
function aaSection(result: SweepResult, figure: Figure): string[] {
  const pairs = result.aa ?? [];
  const tests = pairs.flatMap(([a, b]) =>
    result.values.flatMap((value) => {
      const [pa, pb] = [pointAt(result, value, a), pointAt(result, value, b)];
      if (!pa || !pb) return [];
      const [x, y] = [crossoverPoint(pa, figure), crossoverPoint(pb, figure)];
      const welch = x.times && y.times ? welchTTest(x.times, y.times) : null;
      return welch ? [{ value, a, b, welch }] : [];
    }),
  );
  if (tests.length === 0) return [];
  const low = tests.filter((t) => t.welch.p < 0.05).length;
  return [
    '',
    '## A/A control',
    '',
    `The same command timed twice under two names in the same rounds: any difference is drift or chance. ${low} of ${tests.length} tests came out p < 0.05 (about 5% are expected by chance).`,
    '',
    markdownTable(
      [result.parameter, 'pair', `${FIGURE_WORDS[figure]} ratio`, "Welch's t-test"],
      ['r', 'l', 'r', 'l'],
      tests.map((t) => {
        const [x, y] = [crossoverPoint(pointAt(result, t.value, t.a)!, figure), crossoverPoint(pointAt(result, t.value, t.b)!, figure)];
        return [valueLabel(result, t.value), `${t.a} / ${t.b}`, (x.meanSeconds / y.meanSeconds).toFixed(3), `${formatP(t.welch.p)}, ${t.welch.n[0]} + ${t.welch.n[1]} runs`];
      }),
    ),
  ];
}

/** "in-process time, median [fastest–slowest] of 5 runs" and the like, for the table headings. */
function figureHeading(result: SweepResult, figure: Figure): string {
  const { runs, warmup } = result.fixed;
  return figure === 'in-process'
    ? `In-process time per run, seconds: the strategy's own clock, started with --warm once its pools were up, its connections open and its paths warm; median [fastest–slowest] of at least ${runs} runs after ${warmup} warmup, requests per second (requests ÷ median) in brackets.`
    : `Whole-process time per run in seconds (mean ± sd of at least ${runs} runs after ${warmup} warmup), requests per second in brackets.`;
}

/** sweep.md: the sweep's figure per value and strategy (both figures for a warm sweep), the designs against the event loop, the crossover. */
export function markdownSummary(result: SweepResult): string {
  const figure = sweepFigure(result);
  // What stayed fixed (the swept parameter is the table's first column).
  const ownC = result.strategies.some((s) => / c=\d+/.test(s));
  const fixed = [
    result.parameter === 'requests' ? null : `${result.fixed.requests} requests`,
    result.parameter === 'chunk' ? null : `C = ${result.fixed.chunk}${ownC ? ' unless the strategy names its own (c=N)' : ''}`,
    result.parameter === 'delay' ? null : describeDelay(result.fixed.delay),
    result.fixed.warm ? 'every run with --warm' : null,
  ].filter((part) => part !== null);
  const env = result.environment as { node?: string; runtime?: { name?: string }; cpuModel?: string; os?: string; loadAverage?: unknown; loadAverageAtEnd?: unknown; conditions?: { loadAverageAtStart?: unknown } };
  const busy = busyNote(result);
  const partial = result.planned !== undefined && result.points.length < result.planned;
  const sides = sidesTable(result, figure);
  const crossover = result.parameter === 'work' ? sweepCrossover(result) : null;
  const failures = result.points.filter((p) => p.error !== undefined).map((p) => `- ${result.parameter}=${valueLabel(result, p.value)} ${p.strategy}: ${p.error}`);
  const runtime = env.runtime?.name ?? `node ${env.node ?? '?'}`;
  return [
    `# ${sweepTitle(result)}`,
    '',
    `${fixed.join(', ')}${result.preset ? `; preset "${result.preset}"` : ''}. Link: ${linkDescription(result)}. Target: ${result.target}.`,
    `Environment: ${runtime}, ${coresWords(result)} (${env.cpuModel ?? '?'}), ${env.os ?? ''}; ${result.startedAt} to ${result.finishedAt}; ` +
      `load average ${loads(env.loadAverage ?? env.conditions?.loadAverageAtStart)} at start, ${loads(env.loadAverageAtEnd ?? result.loadAverageAtEnd)} at end.`,
    ...(partial ? ['', `**Incomplete: ${result.points.length} of ${result.planned} points measured** (the sweep was stopped, or is still running: this file is written after every round).`] : []),
    ...(busy ? ['', `**${busy}.** Other work competed for the CPU: these times are slower and noisier than on a quiet machine.`] : []),
    ...(crossover ? ['', `**Crossover** (on the ${FIGURE_WORDS[figure]}s): ${crossover.sentence}`] : []),
    '',
    ...(figure === 'in-process'
      ? [
          `## In-process time (what the comparisons below rest on)`,
          '',
          figureHeading(result, 'in-process'),
          '',
          figureTable(result, inProcessCell),
          '',
          '## Whole-process time',
          '',
          `${figureHeading(result, 'whole-process')} It includes the runtime's start-up and the pool's: what one short-lived process costs, not a service whose pool is already up.`,
          '',
          figureTable(result, wholeProcessCell),
        ]
      : [figureHeading(result, 'whole-process'), '', figureTable(result, wholeProcessCell)]),
    ...(result.parameter === 'work' && result.points.some((p) => p.inProcess?.workCpuMsPerResponse != null)
      ? [
          '',
          '## Measured work',
          '',
          'CPU time the work took per response, measured on the thread that did it (median over the runs, ms), and in brackets its ratio to the nominal work: the same nominal work costs more CPU on a busy event loop than on an idle worker.',
          '',
          figureTable(result, workCell),
        ]
      : []),
    ...(sides ? ['', `## Threads against the event loop`, '', sides] : []),
    ...aaSection(result, figure),
    ...(failures.length > 0 ? ['', 'Failed:', ...failures] : []),
    '',
    `![${sweepTitle(result)}](chart.svg)`,
    '',
  ].join('\n');
}
