import type { Gauge } from './gauge.js';
import type { RequestResult } from './request.js';

export interface StrategyOptions {
  /** e.g. http://127.0.0.1:8080 */
  origin: string;
  requests: number;
  chunk: number;
  /** Connection cap (--connections); the registry says what each strategy makes of it. */
  connections: number;
  /** Threads of threads-async's and async-offload's pool (--workers). */
  workers: number;
  timeoutMs: number;
  /**
   * Get ready before the clock starts: pools created with every thread ready, connections
   * opened (one GET /health each), then every thread and the main thread warmed by
   * `warmRequests` requests each. threads-recreate: its first pool only.
   */
  warm: boolean;
  /** --warm-requests: warm-up requests per thread (worker threads and the main thread's path), marked so /stats counts them apart. */
  warmRequests: number;
  /** Units of CPU work after each verified response (0: none); see work.ts. */
  workUnits: number;
}

export interface StrategyContext {
  /** The strategy's registry name (named in messages, e.g. by the thread budget). */
  strategy: string;
  /** The worker-thread pools to create: the registry's pools for these sizes. */
  pools: PoolPlan;
  /** Connections the strategy holds at most: the registry's connections. */
  connections: number;
  options: StrategyOptions;
  /** The queries: 0..requests-1, as in the original. */
  numbers: readonly number[];
  gauge: Gauge;
  record: (result: RequestResult) => void;
  /** Adds the start-up of one thread pool (created until all its threads are ready) to the outcome. */
  addThreadStartup: (seconds: number) => void;
}

export interface StrategyUsage {
  /** Worker-thread pools created (0 for async). */
  pools: number;
  /** Requests the strategy is meant to perform, when not one per number (the no-op reference: 0). */
  requests?: number;
}

/**
 * A strategy ready to send: `run` performs exactly one verified request per number,
 * recorded through `record`; `teardown` then ends what the strategy still holds (its last
 * thread pool, its connection pool), after the clock has stopped.
 */
export interface PreparedStrategy {
  run: () => Promise<StrategyUsage>;
  teardown: () => Promise<void>;
}

/**
 * Creates what the strategy needs up front (its first thread pool, its connection pool);
 * with options.warm, resolves only once they are ready and warm. The client starts the
 * clock before `prepare` without --warm, and between `prepare` and `run` with it.
 */
export type Strategy = (context: StrategyContext) => Promise<PreparedStrategy>;

export interface StrategyModule {
  prepare: Strategy;
}

/** What a worker thread receives once, at start. */
export interface WorkerConfig {
  origin: string;
  timeoutMs: number;
  /**
   * Warm the thread before counting it ready: open its connections (GET /health), then send
   * `warmRequests` warm-up requests (or, in async-offload's pool, do the work that many times).
   */
  warm: boolean;
  warmRequests: number;
  workUnits: number;
  /** The Gauge shared by every thread of the run. */
  gaugeBuffer: SharedArrayBuffer;
  /** This pool's own count of ready threads (one Int32), so each pool's start-up is timed apart. */
  readyBuffer: SharedArrayBuffer;
}

/**
 * The worker-thread pools a strategy creates: `count` pools of `size` threads each, one
 * after another (count 0: no worker thread). A description, not a list: threads-recreate
 * at -r 200000 -c 1 is 200,000 pools, and checking it must allocate nothing per pool.
 */
export interface PoolPlan {
  count: number;
  size: number;
}
