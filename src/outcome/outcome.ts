import type { Gauge } from '../strategies/gauge.js';
import type { StrategyOptions, StrategyUsage } from '../strategies/types.js';
import type { LatencySummary } from './latency.js';
import type { Tally } from './tally.js';

/** One run of one strategy: what `--json` prints, and what the human summary is made from. */
export interface Outcome {
  test: string;
  url: string;
  requests: number;
  chunk: number;
  succeeded: number;
  failed: number;
  /** Failure reasons and how often each happened. */
  errors: Record<string, number>;
  /** The strategy's own time, from just before `run` (after `prepare` with --warm) to its end: pools created and destroyed included. */
  elapsedSeconds: number;
  startTime: string;
  endTime: string;
  /** Of elapsedSeconds: the pools' start-up (created until all threads ready), summed over pools. 0 for async. */
  threadStartupSeconds: number;
  /** --warm: the clock started once pools were ready and connections open. */
  warm: boolean;
  /** Time spent before the clock getting ready (--warm); 0 without. */
  warmupSeconds: number;
  /** Connections opened before the clock (--warm); 0 without. */
  warmConnections: number;
  /** --work-ms: CPU work after each verified response, sized to take this long on one idle core. */
  workMs: number;
  /** The calibration: units of work per millisecond of CPU, measured before the clock or given (--work-units-per-ms); null without --work-ms. */
  workUnitsPerMs: number | null;
  /** Units of work done after each verified response. */
  workUnits: number;
  /** CPU time while the clock ran: every thread of the process, and the main thread alone (null where Node cannot tell). */
  cpuSeconds: { process: number; mainThread: number | null };
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
  /** Per request: from the strategy handing it over to its verified answer back on the main thread. */
  latencyMs: LatencySummary;
  peakRssBytes: number;
  node: string;
}

/** What the run measured around the strategy, besides its requests: the outcome's fields, its times as Dates. */
export type RunMeasures = Pick<
  Outcome,
  'elapsedSeconds' | 'threadStartupSeconds' | 'warmupSeconds' | 'warmConnections' | 'workUnitsPerMs' | 'workUnits' | 'cpuSeconds' | 'workerOptions'
> & { startTime: Date; endTime: Date };

export function buildOutcome(args: {
  test: string;
  url: string;
  options: StrategyOptions & { workMs: number };
  connections: number;
  usage: StrategyUsage;
  tally: Tally;
  gauge: Gauge;
  latency: LatencySummary;
  measures: RunMeasures;
}): Outcome {
  const { tally, gauge, measures } = args;
  // What the strategy performs: one per number, except the no-op reference (0).
  const requests = args.usage.requests ?? args.options.requests;
  // A request never answered (e.g. a worker died) is a failure too, never silently missing.
  const missing = requests - tally.recorded;
  const errors = Object.fromEntries(tally.errors);
  if (missing > 0) errors['no result recorded'] = missing;
  return {
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
    warm: args.options.warm,
    warmupSeconds: measures.warmupSeconds,
    warmConnections: measures.warmConnections,
    workMs: args.options.workMs,
    workUnitsPerMs: measures.workUnitsPerMs,
    workUnits: measures.workUnits,
    cpuSeconds: measures.cpuSeconds,
    workerOptions: measures.workerOptions,
    threads: gauge.threadsStarted,
    pools: args.usage.pools,
    maxConcurrency: gauge.maxConcurrency,
    connections: args.connections,
    connectionsOpened: gauge.connectionsOpened,
    latencyMs: args.latency,
    // maxRSS is in kibibytes and covers every thread of the process.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    node: process.version,
  };
}
