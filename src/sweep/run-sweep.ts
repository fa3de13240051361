// The sweep: every (value, strategy) pair is one command of the measuring engine, so the points run
// in interleaved rounds, against one target per value where the value is the server's or the link's.
// The run's files (runs.json and beside it) and the views (sweep.json, sweep.md, chart.svg) are
// written after every round: whatever stops the sweep, what it measured is on disk.
import os from 'node:os';
import { join } from 'node:path';
import { finishInterruptedSet, lockOutput, makeDirectory } from '../common/atomic-write.js';
import { mean, median, sorted } from '../common/statistics.js';
import { runFiles, runJournal } from '../common/run-files.js';
import { targetFromEnvironment } from '../common/target.js';
import { collectEnvironment } from '../environment/collect.js';
import { runtimeName, type Runtime } from '../environment/runtime.js';
import { clientCommand, measure, measuredRuns, type CommandState, type MeasuredCommand, type MeasureState } from '../measure/engine.js';
import { exportedResult, recordOf, RUN_SCHEMA_VERSION, writeRunFiles } from '../measure/files.js';
import type { TargetSpec } from '../measure/targets.js';
import { AA_SUFFIX, type Label } from '../strategies/label.js';
import { checkClientLimits } from '../strategies/limits.js';
import { defaultWorkers } from '../strategies/registry.js';
import { sweepCrossover, undecided } from './crossover.js';
import { formatValue, PARAMETERS, type PointSettings, type SweepParameter } from './parameters.js';
import { SWEEP_SCHEMA_VERSION, type SweepPoint, type SweepResult } from './result.js';
import { viewsJournal, writeViews } from './views.js';

export interface SweepPlan {
  preset: string | null;
  parameter: SweepParameter;
  values: number[];
  /** Display names of the values where they are not numbers (runtime: its name, "#2" for a second binary of one version). */
  labels?: Record<string, string>;
  /** What runs at each value, in order: strategies, each maybe at its own C. */
  variants: Label[];
  fixed: { requests: number; chunk: number; connections: number; delay: string; rtt: number; runs: number; warmup: number; warm: boolean };
  /** The runtimes of the clients: one, or the swept ones (parameter runtime, in value order). */
  runtimes: Runtime[];
  serverRuntime: Runtime;
  /** --aa: the label copied at every value as the A/A control. */
  aa?: string;
  seed: number;
  /** Most runs a point near the crossover may get (the work sweep adds runs until its interval excludes 1). */
  maxRuns: number;
  output: string;
  /** BENCHMARK_SERVER_HOST/PORT instead of an own loopback server. */
  external: boolean;
  command: string;
}

/** A request may wait behind every other request's CPU work on one event loop: its timeout covers that too. */
const BASE_TIMEOUT_MS = 30_000;

interface Point { value: number; label: string; settings: PointSettings }

/** A point's command name: "work=1 ms threads-reuse c=2". */
function pointName(plan: SweepPlan, value: number, label: string): string {
  return `${plan.parameter}=${formatValue(plan.parameter, value, plan.labels)} ${label}`;
}

/** The client's command for one point. */
function pointCommand(plan: SweepPlan, point: Point, variant: Label, workUnitsPerMs: number | undefined): MeasuredCommand {
  const { requests, chunk, delay, rtt, workMs } = point.settings;
  const work = workMs > 0 ? ['--work-ms', String(workMs), '--work-units-per-ms', String(workUnitsPerMs), '--timeout', String(Math.ceil(BASE_TIMEOUT_MS + requests * workMs))] : [];
  const target: TargetSpec = plan.external ? { kind: 'env' } : { kind: 'ours', delay, rtt };
  const sizes = { requests, chunk, connections: plan.fixed.connections };
  return clientCommand(variant.strategy, plan.runtimes[point.settings.runtime]!, sizes, target, pointName(plan, point.value, point.label), [...(plan.fixed.warm ? ['--warm'] : []), ...work]);
}

/** The points of the plan, value by value, each variant in order (with the A/A copy after its original). */
function pointsOf(plan: SweepPlan): { point: Point; variant: Label }[] {
  const base: PointSettings = { requests: plan.fixed.requests, chunk: plan.fixed.chunk, delay: plan.fixed.delay, rtt: plan.fixed.rtt, workMs: 0, runtime: 0 };
  return plan.values.flatMap((value) =>
    plan.variants.flatMap((variant) => {
      // A strategy's own C (the CLI refuses it when C is the swept parameter).
      const settings = PARAMETERS[plan.parameter].apply(value, variant.chunk === null ? base : { ...base, chunk: variant.chunk });
      const point = { point: { value, label: variant.text, settings }, variant };
      return plan.aa === variant.text ? [point, { point: { ...point.point, label: `${variant.text}${AA_SUFFIX}` }, variant }] : [point];
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
function resultOf(plan: SweepPlan, state: MeasureState, points: readonly { point: Point; variant: Label }[], environment: Record<string, unknown>, startedAt: string, workUnitsPerMs?: number): SweepResult {
  const byName = new Map(state.commands.map((s) => [s.command.name, s]));
  const measuredPoints = points.flatMap(({ point, variant }): SweepPoint[] => {
    const s = byName.get(pointName(plan, point.value, point.label));
    if (!s || s.invocations.length === 0) return [];
    const exported = exportedResult(s);
    const common = { value: point.value, strategy: point.label, chunk: point.settings.chunk, cores: os.availableParallelism(), export: 'runs.json', outcomes: 'runs.outcomes.jsonl' };
    if (!exported) {
      const none = Number.NaN;
      return s.failure ? [{ ...common, meanSeconds: none, stddevSeconds: none, medianSeconds: none, minSeconds: none, maxSeconds: none, runs: 0, requestsPerSecond: null, error: s.failure.reason }] : [];
    }
    const requests = variant.strategy.kind === 'reference' ? null : point.settings.requests;
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
  const strategies = [...new Set(points.map(({ point }) => point.label))];
  const record = recordOf({ schemaVersion: RUN_SCHEMA_VERSION, ...(environment as object), command: plan.command } as Parameters<typeof recordOf>[0], state);
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
  for (const { point, variant } of points) {
    const { requests, chunk } = point.settings;
    await checkClientLimits(variant.strategy, { requests, chunk, connections: plan.fixed.connections, workers: defaultWorkers() });
  }
  const commands = points.map(({ point, variant }) => pointCommand(plan, point, variant, workUnitsPerMs));
  const files = runFiles(join(plan.output, 'runs.json'));
  const startedAt = new Date().toISOString();
  const environment = {
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
  };
  let written: SweepResult | undefined;
  // One sweep per output folder at a time; a set a kill left half renamed is finished first.
  await makeDirectory(plan.output);
  const unlock = lockOutput(files.export);
  finishInterruptedSet(runJournal(files.export));
  finishInterruptedSet(viewsJournal(plan.output));
  const write = async (state: MeasureState): Promise<void> => {
    if (!(await writeRunFiles(files, state, recordOf({ schemaVersion: RUN_SCHEMA_VERSION, ...environment, command: plan.command }, state)))) return;
    written = resultOf(plan, state, points, environment, startedAt, workUnitsPerMs);
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
      ? { moreRuns: (s: MeasureState) => undecided(resultOf(plan, s, points, environment, startedAt, workUnitsPerMs), (label, value) => pointName(plan, value, label)), maxExtraRounds: Math.max(0, plan.maxRuns - plan.fixed.runs) }
      : {}),
    say,
  }).finally(unlock);
  if (written?.crossover) say(written.crossover.sentence);
  say(`wrote ${join(plan.output, 'sweep.json')}, sweep.md, chart.svg and ${files.export} with the files beside it`);
  return state.commands.length === 0 ? undefined : written;
}
