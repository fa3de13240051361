// sweep.md, and the words the sweep's chart shares with it: what was compared, under which
// conditions, on how many cores, whether the machine was busy while it ran, and (where both
// sides were measured) threads against the event loop with Welch's t-test.
import { sideOf, type Side } from '../report/crossover.js';
import { markdownTable } from '../report/format-markdown.js';
import { busySentence, machineLoad, type MachineLoad } from '../report/run-record.js';
import { differs, formatP, welchTTest } from '../report/welch.js';
import { crossoverPoint, FIGURE_WORDS, sweepCrossover, sweepFigure, type Figure } from './crossover.js';
import { linkDescription, type SweepPoint, type SweepResult } from './result.js';

/** The swept parameter in words (the chart's axis), with its unit. */
export const PARAMETER_TITLES: Record<string, string> = {
  chunk: 'Concurrency C: threads, connections or requests per chunk (log scale)',
  requests: 'Requests per run (log scale)',
  delay: 'Server delay per request, ms (symlog scale)',
  rtt: 'Link round-trip time, ms (symlog scale)',
  node: 'Node version of the client',
  work: 'CPU work after each response, ms (symlog scale)',
};

/** Parameters whose values are milliseconds. */
export function inMilliseconds(parameter: string): boolean {
  return parameter === 'delay' || parameter === 'rtt' || parameter === 'work';
}

/** A value as the table and the chart show it: "5 ms", "v24.21.0", "64". */
export function valueLabel(result: SweepResult, value: number): string {
  const label = result.labels?.[String(value)];
  if (label !== undefined) return label;
  return inMilliseconds(result.parameter) ? `${value} ms` : String(value);
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
  const { requests, chunk } = result.fixed;
  const what: Record<string, string> = {
    chunk: `Time for ${requests} requests vs concurrency C`,
    requests: `Time vs number of requests, C = ${chunk}`,
    delay: `Time for ${requests} requests vs server delay, C = ${chunk}`,
    rtt: `Time for ${requests} requests vs link round-trip time, C = ${chunk}`,
    node: `Time for ${requests} requests per client Node version, C = ${chunk}`,
    work: `Time for ${requests} requests vs CPU work per response, warm pools${cores(result) ? ` on ${coresWords(result)}` : ''}`,
  };
  return `${what[result.parameter] ?? `Time for ${requests} requests vs ${result.parameter}, C = ${chunk}`}, ${sweepConditions(result)}`;
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

/** A table of one figure: a row per value, a column per strategy. */
function figureTable(result: SweepResult, cell: (p: SweepPoint) => string): string {
  const rows = result.values.map((value) => [
    valueLabel(result, value),
    ...result.strategies.map((strategy) => {
      const p = pointAt(result, value, strategy);
      return p === undefined ? '' : p === null ? 'failed' : cell(p);
    }),
  ]);
  return markdownTable([result.parameter, ...result.strategies], ['r', ...result.strategies.map(() => 'r' as const)], rows);
}

const rate = (perSecond: number | null): string => (perSecond === null ? '' : ` (${Math.round(perSecond)}/s)`);

function wholeProcessCell(p: SweepPoint): string {
  return `${p.meanSeconds.toFixed(3)} ± ${p.stddevSeconds.toFixed(3)}${rate(p.requestsPerSecond)}`;
}

function inProcessCell(p: SweepPoint): string {
  if (!p.inProcess) return '–';
  const { times, medianSeconds, requestsPerSecond } = p.inProcess;
  return `${medianSeconds.toFixed(3)} [${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)}]${rate(requestsPerSecond)}`;
}

/**
 * At each value where both sides ran: the fastest thread strategy against the fastest
 * event-loop strategy on the sweep's figure, with Welch's t-test where the samples allow.
 */
function sidesTable(result: SweepResult, figure: Figure = sweepFigure(result)): string | null {
  const rows = result.values.flatMap((value) => {
    const here = result.points.filter((p) => p.value === value && p.error === undefined).map((p) => crossoverPoint(p, figure));
    const best = (side: Side) => here.filter((p) => sideOf(p.strategy) === side).sort((a, b) => a.meanSeconds - b.meanSeconds)[0];
    const [thread, loop] = [best('threads'), best('event loop')];
    if (!thread || !loop) return [];
    const welch = thread.times && loop.times ? welchTTest(thread.times, loop.times) : null;
    const untested = thread.times && loop.times ? 'not tested (fewer than two runs each)' : 'not tested (no per-run times)';
    const verdict = welch === null ? untested : `${formatP(welch.p)}, ${welch.n[0]} + ${welch.n[1]} runs${differs(welch) ? '' : ': within noise'}`;
    return [[valueLabel(result, value), `${thread.strategy} ${thread.meanSeconds.toFixed(3)} s`, `${loop.strategy} ${loop.meanSeconds.toFixed(3)} s`, `${(thread.meanSeconds / loop.meanSeconds).toFixed(2)}`, verdict]];
  });
  if (rows.length === 0) return null;
  return markdownTable(
    [result.parameter, 'fastest threads', 'fastest event loop', 'threads ÷ event loop', "Welch's t-test"],
    ['r', 'l', 'l', 'r', 'l'],
    rows,
  );
}

/** "in-process time, median [fastest–slowest] of 5 runs" and the like, for the table headings. */
function figureHeading(result: SweepResult, figure: Figure): string {
  const { runs, warmup } = result.fixed;
  return figure === 'in-process'
    ? `In-process time per run, seconds: the strategy's own clock, started with --warm once its pools were up and its connections open; median [fastest–slowest] of ${runs} runs after ${warmup} warmup, requests per second (requests ÷ median) in brackets.`
    : `Whole-process time per run in seconds (hyperfine mean ± sd of ${runs} runs after ${warmup} warmup), requests per second in brackets.`;
}

/** sweep.md: the sweep's figure per value and strategy (both figures for a warm sweep), sides compared, the crossover. */
export function markdownSummary(result: SweepResult): string {
  const figure = sweepFigure(result);
  // What stayed fixed (the swept parameter is the table's first column).
  const ownC = result.strategies.some((s) => / c=\d+$/.test(s));
  const fixed = [
    result.parameter === 'requests' ? null : `${result.fixed.requests} requests`,
    result.parameter === 'chunk' ? null : `C = ${result.fixed.chunk}${ownC ? ' unless the strategy names its own (c=N)' : ''}`,
    result.parameter === 'delay' ? null : describeDelay(result.fixed.delay),
    result.fixed.warm ? 'every run with --warm' : null,
  ].filter((part) => part !== null);
  const env = result.environment as { node?: string; cpuModel?: string; os?: string; loadAverage?: unknown; loadAverageAtEnd?: unknown; conditions?: { loadAverageAtStart?: unknown } };
  const busy = busyNote(result);
  const partial = result.planned !== undefined && result.points.length < result.planned;
  const sides = sidesTable(result, figure);
  const crossover = result.parameter === 'work' ? sweepCrossover(result) : null;
  const failures = result.points.filter((p) => p.error !== undefined).map((p) => `- ${result.parameter}=${valueLabel(result, p.value)} ${p.strategy}: ${p.error}`);
  return [
    `# ${sweepTitle(result)}`,
    '',
    `${fixed.join(', ')}${result.preset ? `; preset "${result.preset}"` : ''}. Link: ${linkDescription(result)}. Target: ${result.target}.`,
    `Environment: node ${env.node ?? '?'}, ${coresWords(result)} (${env.cpuModel ?? '?'}), ${env.os ?? ''}; ${result.startedAt} to ${result.finishedAt}; ` +
      `load average ${loads(env.loadAverage ?? env.conditions?.loadAverageAtStart)} at start, ${loads(env.loadAverageAtEnd ?? result.loadAverageAtEnd)} at end.`,
    ...(partial ? ['', `**Incomplete: ${result.points.length} of ${result.planned} points measured** (the sweep was stopped, or is still running: this file is written after every point).`] : []),
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
          `${figureHeading(result, 'whole-process')} It includes Node's start-up and the pool's: what one short-lived process costs, not a service whose pool is already up.`,
          '',
          figureTable(result, wholeProcessCell),
        ]
      : [figureHeading(result, 'whole-process'), '', figureTable(result, wholeProcessCell)]),
    ...(sides
      ? [
          '',
          `## Threads against the event loop`,
          '',
          `At each value, the fastest thread strategy against the fastest event-loop strategy, mean ${FIGURE_WORDS[figure]} in seconds; Welch's t-test on the per-run ${FIGURE_WORDS[figure]}s (p < 0.05: they differ).`,
          '',
          sides,
        ]
      : []),
    ...(failures.length > 0 ? ['', 'Failed:', ...failures] : []),
    '',
    `![${sweepTitle(result)}](chart.svg)`,
    '',
  ].join('\n');
}
