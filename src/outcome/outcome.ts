import type { Gauge } from '../strategies/gauge.js';
import type { StrategyOptions, StrategyUsage } from '../strategies/types.js';
import type { LatencySummary } from './latency.js';
import type { Tally } from './tally.js';

/** Bumped when a field of the --json outcome changes meaning (docs/schemas/outcome.schema.json). */
export const OUTCOME_SCHEMA_VERSION = 2;

/** One run of one strategy: what `--json` prints, and what the human summary is made from. */
export interface Outcome {
  schemaVersion: number;
  test: string;
  url: string;
  requests: number;
  chunk: number;
  succeeded: number;
  failed: number;
  /** Failure reasons and how often each happened. */
  errors: Record<string, number>;
  /**
   * The strategy's own time, from just before `prepare` (with --warm: after it, before `run`)
   * to its last verified answer: pools created inside it included, and threads-recreate's
   * destroys of every pool but its last. The final teardown is not in it (teardownSeconds).
   */
  elapsedSeconds: number;
  startTime: string;
  endTime: string;
  /**
   * From each pool's creation until that pool was fully ready (every thread started), summed
   * over the pools created while the clock ran; 0 for async. An upper bound on start-up's
   * share of elapsedSeconds, not that share: threads that were ready already served meanwhile.
   */
  threadStartupSeconds: number;
  /** After the clock stopped: the final teardown (the last thread pool destroyed, the connection pool closed), not in elapsedSeconds. */
  teardownSeconds: number;
  /** --warm: the clock started once pools were ready, connections open and every thread warmed. */
  warm: boolean;
  /** Time spent before the clock getting ready (--warm); 0 without. */
  warmupSeconds: number;
  /** Connections opened before the clock (--warm); 0 without. */
  warmConnections: number;
  /** --warm-requests: warm-up requests each thread (every worker thread, and the main thread's path) sent before the clock; 0 without --warm. */
  warmRequestsPerThread: number;
  /** Warm-up requests sent before the clock in all (marked, so /stats counts them as warmupRequests); 0 without --warm. */
  warmRequests: number;
  /** --work-ms: CPU work after each verified response, sized to take this long on one idle core. */
  workMs: number;
  /** The calibration: units of work per millisecond of CPU, measured before the clock or given (--work-units-per-ms); null without --work-ms. */
  workUnitsPerMs: number | null;
  /** Units of work done after each verified response. */
  workUnits: number;
  /** CPU time while the clock ran: every thread of the process, and the main thread alone (null where Node cannot tell). */
  cpuSeconds: { process: number; mainThread: number | null };
  /**
   * CPU time the --work-ms work really took per verified response, measured on the thread
   * that did it around each call (work.ts) and summed over threads; null without --work-ms
   * or where Node cannot tell threads apart. Compare with workMs, the nominal figure.
   */
  workCpuMsPerResponse: number | null;
  /** Where that work ran: on the main thread, on worker threads, or both; null when none was measured. */
  workThread: 'main' | 'worker' | 'both' | null;
  /** Worker-thread options in force (worker-options.ts), or null without threads. */
  workerOptions: string | null;
  /** Worker threads started in total (counted inside the threads themselves). */
  threads: number;
  /** Worker-thread pools created. */
  pools: number;
  /** Most requests handed over and not yet answered at once, measured (waiting for a connection or a thread included). */
  maxConcurrency: number;
  /** Connection cap in force: one per live worker thread, or the async pool's cap (never above N). */
  connections: number;
  /** TCP connections the client opened, measured. */
  connectionsOpened: number;
  /**
   * Per request: from the strategy handing it over to its verified answer back on the main
   * thread. When a request is handed over differs by strategy (threads-reuse at its chunk's
   * submission, async-for all at the start), so it does not compare across strategies.
   */
  latencyMs: LatencySummary;
  /** Per request: from the clock's start to its verified answer on the main thread; what compares across strategies. */
  latencyFromStartMs: LatencySummary;
  peakRssBytes: number;
  node: string;
}

/** What the run measured around the strategy, besides its requests: the outcome's fields, its times as Dates. */
export type RunMeasures = Pick<
  Outcome,
  | 'elapsedSeconds'
  | 'threadStartupSeconds'
  | 'teardownSeconds'
  | 'warmupSeconds'
  | 'warmConnections'
  | 'warmRequests'
  | 'workUnitsPerMs'
  | 'workUnits'
  | 'cpuSeconds'
  | 'workerOptions'
> & {
  startTime: Date;
  endTime: Date;
  /** --work-ms's CPU while the clock ran, ms, by side (the gauge's); null where not measured. */
  workCpuMs: { mainThread: number; workers: number } | null;
};

export function buildOutcome(args: {
  test: string;
  url: string;
  options: StrategyOptions & { workMs: number };
  connections: number;
  usage: StrategyUsage;
  tally: Tally;
  gauge: Gauge;
  latency: LatencySummary;
  latencyFromStart: LatencySummary;
  measures: RunMeasures;
}): Outcome {
  const { tally, gauge, measures } = args;
  // What the strategy performs: one per number, except the no-op reference (0).
  const requests = args.usage.requests ?? args.options.requests;
  // A request never answered (e.g. a worker died) is a failure too, never silently missing.
  const missing = requests - tally.recorded;
  const errors = Object.fromEntries(tally.errors);
  if (missing > 0) errors['no result recorded'] = missing;
  const work = workWhere(measures.workCpuMs, tally.succeeded);
  return {
    schemaVersion: OUTCOME_SCHEMA_VERSION,
    test: args.test,
    url: args.url,
    requests,
    chunk: args.options.chunk,
    succeeded: tally.succeeded,
    failed: tally.failed + Math.max(0, missing),
    errors,
    elapsedSeconds: measures.elapsedSeconds,
    startTime: measures.startTime.toISOString(),
    endTime: measures.endTime.toISOString(),
    threadStartupSeconds: measures.threadStartupSeconds,
    teardownSeconds: measures.teardownSeconds,
    warm: args.options.warm,
    warmupSeconds: measures.warmupSeconds,
    warmConnections: measures.warmConnections,
    warmRequestsPerThread: args.options.warm ? args.options.warmRequests : 0,
    warmRequests: measures.warmRequests,
    workMs: args.options.workMs,
    workUnitsPerMs: measures.workUnitsPerMs,
    workUnits: measures.workUnits,
    cpuSeconds: measures.cpuSeconds,
    workCpuMsPerResponse: work.perResponse,
    workThread: work.thread,
    workerOptions: measures.workerOptions,
    threads: gauge.threadsStarted,
    pools: args.usage.pools,
    maxConcurrency: gauge.maxConcurrency,
    connections: args.connections,
    connectionsOpened: gauge.connectionsOpened,
    latencyMs: args.latency,
    latencyFromStartMs: args.latencyFromStart,
    // maxRSS is in kibibytes and covers every thread of the process.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    node: process.version,
  };
}

/** The work's measured CPU per verified response, and the side that spent it (a side spends none unless the work ran there). */
function workWhere(cpu: RunMeasures['workCpuMs'], responses: number): { perResponse: number | null; thread: Outcome['workThread'] } {
  if (cpu === null || responses === 0) return { perResponse: null, thread: null };
  const total = cpu.mainThread + cpu.workers;
  if (total <= 0) return { perResponse: null, thread: null };
  const onMain = cpu.mainThread > 0;
  const onWorkers = cpu.workers > 0;
  return {
    perResponse: Math.round((total / responses) * 1000) / 1000,
    thread: onMain && onWorkers ? 'both' : onMain ? 'main' : 'worker',
  };
}
