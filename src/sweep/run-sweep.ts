// The sweep: flags (a preset's, then explicit flags and their variables) into a plan checked before
// anything starts; then every (value, strategy) pair is one command of the measuring engine, so the points run
// in interleaved rounds, against one target per value where the value is the server's or the link's.
// The run's files (runs.json and beside it) and the views (sweep.json, sweep.md, chart.svg) are
// written after every round: whatever stops the sweep, what it measured is on disk.
import os from 'node:os';
import { join } from 'node:path';
import { finishInterruptedSet, lockOutput, makeDirectory } from '../common/atomic-write.js';
import { milliseconds, parseIntegerInRange, UsageError } from '../common/cli-errors.js';
import { mean, median, sorted } from '../common/statistics.js';
import { runFiles, runJournal } from '../common/run-files.js';
import { targetFromEnvironment } from '../common/target.js';
import { collectEnvironment } from '../environment/collect.js';
import { currentRuntime, probeRuntime, runtimeName } from '../environment/runtime.js';
import { clientCommand, measure, measuredRuns, type CommandState, type MeasuredCommand, type MeasureState } from '../measure/engine.js';
import { exportedResult, recordOf, writeRunFiles, type RecordBase } from '../measure/files.js';
import { aaValue, BOUNDS, flagValue } from '../measure/options.js';
import type { TargetSpec } from '../measure/targets.js';
import { DelaySyntaxError, parseDelay } from '../server/delay.js';
import { AA_SUFFIX, parseLabel, type Label } from '../strategies/label.js';
import { checkClientLimits } from '../strategies/limits.js';
import { defaultWorkers, STRATEGIES } from '../strategies/registry.js';
import { sweepCrossover, undecided } from './crossover.js';
import { formatValue, parameterNamed, PARAMETERS, type PointSettings, type SweepParameter } from './parameters.js';
import { COMPARED, PRESETS } from './presets.js';
import { SWEEP_SCHEMA_VERSION, type SweepPoint, type SweepResult } from './result.js';
import { viewsJournal, writeViews } from './views.js';

export interface SweepFlags {
  preset?: string;
  param?: string;
  values?: string;
  strategies?: string;
  queries?: number;
  requests?: number;
  chunk?: number;
  connections: number;
  delay: string;
  rtt: number;
  runs?: number;
  warmup?: number;
  maxRuns?: number;
  warm?: boolean;
  output?: string;
  runtime: string;
  node?: string;
  serverRuntime?: string;
  target: 'own' | 'env';
  aa?: string | boolean;
  seed?: number;
  listPresets: boolean;
  redraw?: string;
}

function presetNamed(name: string | undefined): (typeof PRESETS)[string] | undefined {
  if (name === undefined) return undefined;
  // Own properties only: "toString" or "constructor" is no preset.
  if (!Object.hasOwn(PRESETS, name)) throw new UsageError(`unknown preset '${name}'. Presets: ${Object.keys(PRESETS).join(', ')}.`);
  return PRESETS[name];
}

function parseValues(text: string, parameter: SweepParameter): number[] {
  const { integer, min } = PARAMETERS[parameter];
  const max = parameter === 'chunk' ? BOUNDS.chunk : BOUNDS.queries;
  const values = text.split(',').map((part) => (integer ? parseIntegerInRange(part, `--values (${parameter})`, min, max) : milliseconds(`--values (${parameter})`)(part)));
  return [...new Set(values)].sort((a, b) => a - b);
}

/** A label of --strategies, its registry name and its own C checked; a UsageError names what is wrong. */
function variantOf(text: string, parameter: SweepParameter): Label {
  const label = parseLabel(text);
  if (!label || label.client !== 'ours' || label.aa) {
    throw new UsageError(`unknown strategy '${text.trim()}'. Valid: ${STRATEGIES.map((s) => s.name).join(', ')}, each optionally with its own C ("threads-reuse c=2").`);
  }
  if (label.chunk !== null && parameter === 'chunk') throw new UsageError(`'${label.text}': a strategy's own C cannot be given when C is the swept parameter.`);
  return label;
}

/** Turns flags (preset defaults, then explicit flags) into a plan; UsageError for anything wrong. */
export function planFromFlags(flags: SweepFlags, command: string) {
  const preset = presetNamed(flags.preset);
  const parameter = flags.param === undefined ? preset?.parameter : parameterNamed(flags.param);
  if (flags.param !== undefined && parameter === undefined) throw new UsageError(`--param must be one of ${Object.keys(PARAMETERS).join(', ')}, got '${flags.param}'.`);
  if (!parameter) throw new UsageError(`choose a --preset (${Object.keys(PRESETS).join(', ')}) or a --param and --values.`);
  const valuesText = flags.values ?? (preset && preset.parameter === parameter ? preset.values.join(',') : undefined);
  if (valuesText === undefined) throw new UsageError(`--param ${parameter} needs --values (comma list).`);
  const runtimeBinary = flags.node ?? flags.runtime;
  let runtimes = [probeRuntime(runtimeBinary, flags.node === undefined ? '--runtime' : '--node')];
  let values: number[];
  let labels: Record<string, string> | undefined;
  if (parameter === 'runtime') {
    // The binaries, in the order given; the value of each is its position, its label its name.
    runtimes = valuesText.split(',').map((b) => b.trim()).filter((b) => b !== '').map((binary) => probeRuntime(binary, '--values'));
    if (runtimes.length === 0) throw new UsageError('--param runtime needs --values with runtime binaries.');
    // Two binaries of one version stay two points, told apart by their position.
    const names = runtimes.map(runtimeName);
    labels = Object.fromEntries(names.map((name, i) => [String(i + 1), names.indexOf(name) < i ? `${name} #${i + 1}` : name]));
    values = runtimes.map((_, i) => i + 1);
  } else {
    values = parseValues(valuesText, parameter);
  }
  const texts = (flags.strategies?.split(',') ?? preset?.strategies ?? COMPARED).filter((s) => s.trim() !== '');
  const variants = texts.map((text) => variantOf(text, parameter));
  if (variants.length === 0) throw new UsageError('--strategies is empty.');
  const twice = variants.find((v, i) => variants.findIndex((w) => w.text === v.text) < i);
  if (twice) throw new UsageError(`--strategies names '${twice.text}' twice.`);
  try {
    parseDelay(flags.delay);
  } catch (error) {
    if (error instanceof DelaySyntaxError) throw new UsageError(`--delay: ${error.message}`);
    throw error;
  }
  const external = flags.target === 'env';
  if (external) {
    if (parameter === 'delay' || parameter === 'rtt') throw new UsageError(`--target env cannot sweep ${parameter}: the sweep must start its own server and proxy for that (use --target own).`);
    if (flags.delay !== '0' || flags.rtt !== 0) throw new UsageError('--delay and --rtt need --target own: with --target env the link and server are given.');
    targetFromEnvironment();
  }
  const aa = aaValue(flags.aa);
  const aaLabel = aa === true ? (variants.find((v) => v.strategy.side === 'event loop') ?? variants[0])!.text : aa === undefined ? undefined : variantOf(aa, parameter).text;
  if (aaLabel !== undefined && !variants.some((v) => v.text === aaLabel)) throw new UsageError(`--aa ${aaLabel}: not among --strategies (${variants.map((v) => v.text).join(', ')})`);
  const runs = flags.runs ?? preset?.runs ?? 3;
  const maxRuns = flags.maxRuns ?? (parameter === 'work' ? 3 * runs : runs);
  if (maxRuns < runs) throw new UsageError(`--max-runs ${maxRuns} is below --runs ${runs}.`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    preset: flags.preset ?? null,
    parameter,
    values,
    // Display names of the values where they are not numbers (runtime: its name, "#2" for a second binary of one version).
    ...(labels ? { labels } : {}),
    // What runs at each value, in order: strategies, each maybe at its own C.
    variants,
    fixed: {
      requests: flags.queries ?? flags.requests ?? preset?.requests ?? 1000,
      chunk: flags.chunk ?? preset?.chunk ?? 100,
      connections: flags.connections,
      delay: flags.delay,
      rtt: flags.rtt,
      runs,
      warmup: flags.warmup ?? preset?.warmup ?? 1,
      // The work sweep asks about pools that are already up: every point is warm.
      warm: flagValue(flags.warm, 'BENCHMARK_WARM') || parameter === 'work',
    },
    // The runtimes of the clients: one, or the swept ones (parameter runtime, in value order).
    runtimes,
    serverRuntime: flags.serverRuntime ? probeRuntime(flags.serverRuntime, '--server-runtime') : currentRuntime(),
    // --aa: the label copied at every value as the A/A control.
    ...(aaLabel ? { aa: aaLabel } : {}),
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 32),
    // Most runs a point near the crossover may get (the work sweep adds runs until its interval excludes 1).
    maxRuns,
    output: flags.output ?? join('results', `sweep-${flags.preset ?? parameter}-${stamp}`),
    // BENCHMARK_SERVER_HOST/PORT instead of an own loopback server.
    external,
    command,
  };
}

export type SweepPlan = ReturnType<typeof planFromFlags>;

/** A request may wait behind every other request's CPU work on one event loop: its timeout covers that too. */
const BASE_TIMEOUT_MS = 30_000;

/** A point: its value, its label (the A/A copy's has the suffix), its command's name ("work=1 ms threads-reuse c=2"). */
interface Point { value: number; label: string; variant: Label; settings: PointSettings; name: string }

/** A point's command name from its label. */
function pointName(plan: SweepPlan, value: number, label: string): string {
  return `${plan.parameter}=${formatValue(plan.parameter, value, plan.labels)} ${label}`;
}

/** The client's command for one point. */
function pointCommand(plan: SweepPlan, point: Point, workUnitsPerMs: number | undefined): MeasuredCommand {
  const { requests, chunk, delay, rtt, workMs } = point.settings;
  const work = workMs > 0 ? ['--work-ms', String(workMs), '--work-units-per-ms', String(workUnitsPerMs), '--timeout', String(Math.ceil(BASE_TIMEOUT_MS + requests * workMs))] : [];
  const target: TargetSpec = plan.external ? { kind: 'env' } : { kind: 'ours', delay, rtt };
  const sizes = { requests, chunk, connections: plan.fixed.connections };
  return clientCommand(point.variant.strategy, plan.runtimes[point.settings.runtime]!, sizes, target, point.name, [...(plan.fixed.warm ? ['--warm'] : []), ...work]);
}

/** The points of the plan, value by value, each variant in order (with the A/A copy after its original). */
function pointsOf(plan: SweepPlan): Point[] {
  const base: PointSettings = { requests: plan.fixed.requests, chunk: plan.fixed.chunk, delay: plan.fixed.delay, rtt: plan.fixed.rtt, workMs: 0, runtime: 0 };
  return plan.values.flatMap((value) =>
    plan.variants.flatMap((variant) => {
      // A strategy's own C (the CLI refuses it when C is the swept parameter).
      const settings = PARAMETERS[plan.parameter].apply(value, variant.chunk === null ? base : { ...base, chunk: variant.chunk });
      const labels = plan.aa === variant.text ? [variant.text, `${variant.text}${AA_SUFFIX}`] : [variant.text];
      return labels.map((label) => ({ value, label, variant, settings, name: pointName(plan, value, label) }));
    }),
  );
}

/** The in-process times of a point's measured invocations whose every request was verified. */
function inProcess(state: CommandState, requests: number | null): SweepPoint['inProcess'] {
  const outcomes = measuredRuns(state)
    .map((run) => run.outcome)
    .filter((o) => o !== null && o.failed === 0);
  const times = outcomes.map((o) => o?.elapsedSeconds).filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t >= 0);
  if (times.length === 0) return null;
  const medianSeconds = median(sorted(times));
  const work = outcomes.map((o) => o?.workCpuMsPerResponse).filter((w): w is number => typeof w === 'number');
  return {
    times,
    medianSeconds,
    meanSeconds: mean(times),
    requestsPerSecond: requests === null || medianSeconds === 0 ? null : requests / medianSeconds,
    ...(work.length > 0 ? { workCpuMsPerResponse: median(sorted(work)) } : {}),
  };
}

/** sweep.json from the engine's state. */
function resultOf(plan: SweepPlan, state: MeasureState, points: readonly Point[], base: RecordBase, startedAt: string, workUnitsPerMs?: number): SweepResult {
  const byName = new Map(state.commands.map((s) => [s.command.name, s]));
  const measuredPoints = points.flatMap((point): SweepPoint[] => {
    const s = byName.get(point.name);
    if (!s || s.invocations.length === 0) return [];
    const exported = exportedResult(s);
    const common = { value: point.value, strategy: point.label, chunk: point.settings.chunk, cores: os.availableParallelism(), export: 'runs.json', outcomes: 'runs.outcomes.jsonl' };
    if (!exported) {
      const none = Number.NaN;
      if (!s.failure) return [];
      return [{ ...common, meanSeconds: none, stddevSeconds: none, medianSeconds: none, minSeconds: none, maxSeconds: none, runs: 0, requestsPerSecond: null, error: s.failure.reason }];
    }
    const requests = point.variant.strategy.kind === 'reference' ? null : point.settings.requests;
    return [
      {
        ...common,
        meanSeconds: exported.mean,
        stddevSeconds: exported.stddev ?? 0,
        medianSeconds: exported.median ?? exported.mean,
        minSeconds: exported.min ?? exported.mean,
        maxSeconds: exported.max ?? exported.mean,
        runs: exported.times?.length ?? 0,
        times: exported.times ?? null,
        requestsPerSecond: requests === null ? null : requests / exported.mean,
        inProcess: inProcess(s, requests),
      },
    ];
  });
  const labels = plan.labels;
  const strategies = [...new Set(points.map((point) => point.label))];
  const record = recordOf(base, state);
  const result: SweepResult = {
    kind: 'ntab-sweep',
    schemaVersion: SWEEP_SCHEMA_VERSION,
    preset: plan.preset,
    parameter: plan.parameter,
    values: plan.values,
    ...(labels ? { labels } : {}),
    strategies,
    fixed: { requests: plan.fixed.requests, chunk: plan.fixed.chunk, delay: plan.fixed.delay, rtt: plan.fixed.rtt, runs: plan.fixed.runs, warmup: plan.fixed.warmup, warm: plan.fixed.warm },
    target: targetDescription(plan),
    // The load when the last round so far ended: where the views and `npm run results` read it.
    environment: record as unknown as Record<string, unknown>,
    startedAt,
    finishedAt: record.finishedAt ?? startedAt,
    planned: points.length,
    ...(plan.aa ? { aa: [[plan.aa, `${plan.aa}${AA_SUFFIX}`] as [string, string]] } : {}),
    runs: 'runs.json',
    ...(workUnitsPerMs !== undefined ? { workUnitsPerMs } : {}),
    points: measuredPoints,
  };
  if (plan.parameter !== 'work') return result;
  // What sweep.json keeps of it (recomputed from the points whenever the file is read).
  const { figure, sentence } = sweepCrossover(result);
  return { ...result, crossover: { figure, sentence } };
}

/** Where the requests went, as the sweep's files name it: an external target with its address. */
function targetDescription(plan: SweepPlan): string {
  if (!plan.external) return 'own benchmark-server on loopback';
  const { host, port } = targetFromEnvironment();
  return `${host}:${port} (BENCHMARK_SERVER_HOST/PORT)`;
}

/** Runs every (value, strategy) pair through the engine; after each round, writes the run's files and the views. */
export async function runSweep(plan: SweepPlan): Promise<SweepResult | undefined> {
  const say = (line: string) => process.stderr.write(`sweep: ${line}\n`);
  // One calibration for every invocation: each process's own varies by a fifth, which would give strategies at one point different work.
  const workUnitsPerMs = plan.parameter === 'work' ? (await import('../strategies/work.js')).calibrateWork(50, 9) : undefined;
  if (workUnitsPerMs !== undefined) say(`work sized once for every invocation: ${workUnitsPerMs.toFixed(1)} units per CPU ms (--work-units-per-ms)`);
  const points = pointsOf(plan);
  // What one client process can hold (heap, open files), checked here before anything starts.
  for (const { variant, settings } of points) {
    const { requests, chunk } = settings;
    await checkClientLimits(variant.strategy, { requests, chunk, connections: plan.fixed.connections, workers: defaultWorkers() });
  }
  const commands = points.map((point) => pointCommand(plan, point, workUnitsPerMs));
  const files = runFiles(join(plan.output, 'runs.json'));
  const startedAt = new Date().toISOString();
  const base = {
    ...collectEnvironment({
      runtime: plan.runtimes[0],
      parameters: {
        sweep: plan.parameter,
        values: plan.values.map((v) => formatValue(plan.parameter, v, plan.labels)).join(' '),
        strategies: plan.variants.map((v) => v.text).join(', '),
        queries: plan.fixed.requests,
        chunk: plan.fixed.chunk,
        connections: plan.fixed.connections,
        runs: plan.fixed.runs,
        warmup: plan.fixed.warmup,
        warm: String(plan.fixed.warm),
      },
    }),
    serverRuntime: runtimeName(plan.serverRuntime),
    // What only a sweep knows: how the link and the server were set up.
    conditions: {
      target: targetDescription(plan),
      serverDelay: plan.parameter === 'delay' ? 'swept' : plan.fixed.delay,
      // Inside scripts/netns-run.sh (or on EC2) the link is described by the caller; on loopback the proxy is ours.
      network: process.env.BENCHMARK_NETWORK ?? (plan.external ? 'the network to BENCHMARK_SERVER_HOST' : plan.parameter === 'rtt' || plan.fixed.rtt > 0 ? 'loopback through the latency proxy' : 'loopback'),
      link: process.env.BENCHMARK_LINK ?? (plan.external ? 'not described' : plan.parameter === 'rtt' || plan.fixed.rtt > 0 ? 'proxy' : 'none'),
      rttMs: plan.parameter === 'rtt' ? 'swept' : plan.fixed.rtt,
    },
    command: plan.command,
  };
  let written: SweepResult | undefined;
  // One sweep per output folder at a time; a set a kill left half renamed is finished first.
  await makeDirectory(plan.output);
  const unlock = lockOutput(files.export);
  finishInterruptedSet(runJournal(files.export));
  finishInterruptedSet(viewsJournal(plan.output));
  const write = async (state: MeasureState): Promise<void> => {
    if (!(await writeRunFiles(files, state, recordOf(base, state)))) return;
    written = resultOf(plan, state, points, base, startedAt, workUnitsPerMs);
    await writeViews(written, plan.output, true);
    if (state.stopped) say(`${state.stopped}: what was measured is in ${join(plan.output, 'sweep.json')}`);
  };
  const state = await measure({
    what: 'sweep',
    commands,
    rule: { warmup: plan.fixed.warmup, runs: plan.fixed.runs, budgetSeconds: 0 },
    seed: plan.seed,
    targets: { serverRuntime: plan.serverRuntime, say },
    write,
    // Points where a design's comparison with the event loop is not decided yet get one more run each, up to --max-runs.
    ...(plan.parameter === 'work'
      ? {
          moreRuns: (s: MeasureState) => undecided(resultOf(plan, s, points, base, startedAt, workUnitsPerMs), (label, value) => pointName(plan, value, label)),
          maxExtraRounds: Math.max(0, plan.maxRuns - plan.fixed.runs),
        }
      : {}),
    say,
  }).finally(unlock);
  if (written?.crossover) say(written.crossover.sentence);
  say(`wrote ${join(plan.output, 'sweep.json')}, sweep.md, chart.svg and ${files.export} with the files beside it`);
  return state.commands.length === 0 ? undefined : written;
}
