import type { Gauge } from './gauge.js';
import type { RequestResult } from './request.js';

export interface StrategyOptions {
  /** e.g. http://127.0.0.1:8080 */
  origin: string;
  requests: number;
  chunk: number;
  /** --connections; the registry says what each strategy makes of it. */
  connections: number;
  /** --workers: threads of threads-async's and async-offload's pool. */
  workers: number;
  timeoutMs: number;
  /** Ready before the clock: pools up, connections open (a GET /health each), every thread and the main thread warmed by `warmRequests` requests; threads-recreate: its first pool only. */
  warm: boolean;
  /** --warm-requests per thread (worker threads and the main thread's path), marked so /stats counts them apart. */
  warmRequests: number;
  /** Units of CPU work after each verified response (0: none); see work.ts. */
  workUnits: number;
}

export interface StrategyContext {
  /** The registry name (named in messages, e.g. by the thread budget). */
  strategy: string;
  /** The registry's pools and connections for these sizes. */
  pools: PoolPlan;
  connections: number;
  options: StrategyOptions;
  /** The queries: 0..requests-1, as in the original. */
  numbers: readonly number[];
  gauge: Gauge;
  record: (result: RequestResult) => void;
  /** Adds one pool's start-up (created until all its threads are ready) to the outcome. */
  addThreadStartup: (seconds: number) => void;
}

export interface StrategyUsage {
  /** Worker-thread pools created (0 for async). */
  pools: number;
  /** Requests meant, when not one per number (the no-op reference: 0). */
  requests?: number;
}

/** `run` makes exactly one verified request per number, recorded through `record`; `teardown`, after the clock, ends what is still held. */
export interface PreparedStrategy { run: () => Promise<StrategyUsage>; teardown: () => Promise<void> }

/**
 * Creates what the strategy needs up front (its first thread pool, its connection pool); with
 * options.warm, ready and warm. The clock starts before `prepare`, or with --warm after it.
 */
export type Strategy = (context: StrategyContext) => Promise<PreparedStrategy>;

export interface StrategyModule { prepare: Strategy }

/** A prepared strategy whose teardown learns when its run ended (performance.now()): a pool ended after the clock counts no start-up past it. */
export function preparedStrategy(run: () => Promise<StrategyUsage>, teardown: (endedAt?: number) => Promise<void>): PreparedStrategy {
  let endedAt: number | undefined;
  return {
    async run() {
      const usage = await run();
      endedAt = performance.now();
      return usage;
    },
    teardown: () => teardown(endedAt),
  };
}

export function chunksOf(numbers: readonly number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < numbers.length; i += size) chunks.push(numbers.slice(i, i + size));
  return chunks;
}

/** What a worker thread receives once, at start; with `warm`, before counting itself ready it opens its connections, then sends `warmRequests` warm-ups (async-offload's pool: does the work that many times). */
export interface WorkerConfig extends Pick<StrategyOptions, 'origin' | 'timeoutMs' | 'warm' | 'warmRequests' | 'workUnits'> {
  /** The Gauge shared by every thread of the run. */
  gaugeBuffer: SharedArrayBuffer;
  /** This pool's own count of ready threads (one Int32), so each pool's start-up is timed apart. */
  readyBuffer: SharedArrayBuffer;
}

/**
 * `count` pools of `size` threads, one after another (count 0: no worker thread). A description,
 * not a list: threads-recreate at -r 200000 -c 1 is 200,000 pools, checked without allocating any.
 */
export interface PoolPlan { count: number; size: number }
