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
  elapsedSeconds: number;
  startTime: string;
  endTime: string;
  /** Worker threads started in total (counted inside the threads themselves). */
  threads: number;
  /** Worker-thread pools created. */
  pools: number;
  /** Most requests in flight at once, measured. */
  maxConcurrency: number;
  /** Connection cap in force. */
  connections: number;
  /** TCP connections the client opened, measured. */
  connectionsOpened: number;
  latencyMs: LatencySummary;
  peakRssBytes: number;
  node: string;
}

export function buildOutcome(args: {
  test: string;
  url: string;
  options: StrategyOptions;
  usage: StrategyUsage;
  tally: Tally;
  gauge: Gauge;
  latency: LatencySummary;
  elapsedSeconds: number;
  startTime: Date;
  endTime: Date;
}): Outcome {
  const { tally, gauge } = args;
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
    elapsedSeconds: args.elapsedSeconds,
    startTime: args.startTime.toISOString(),
    endTime: args.endTime.toISOString(),
    threads: gauge.threadsStarted,
    pools: args.usage.pools,
    maxConcurrency: gauge.maxConcurrency,
    connections: args.usage.connections,
    connectionsOpened: gauge.connectionsOpened,
    latencyMs: args.latency,
    // maxRSS is in kibibytes and covers every thread of the process.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    node: process.version,
  };
}
