import type { Gauge } from './gauge.js';
import type { RequestResult } from './request.js';

export interface StrategyOptions {
  /** e.g. http://127.0.0.1:8080 */
  origin: string;
  requests: number;
  chunk: number;
  /** Connection cap of the async strategies' pool. */
  connections: number;
  timeoutMs: number;
}

export interface StrategyContext {
  /** The strategy's registry name (named in messages, e.g. by the thread budget). */
  strategy: string;
  /** The worker-thread pools to create, one size each, in order: the registry's poolSizes. */
  poolSizes: readonly number[];
  options: StrategyOptions;
  /** The queries: 0..requests-1, as in the original. */
  numbers: readonly number[];
  gauge: Gauge;
  record: (result: RequestResult) => void;
}

export interface StrategyUsage {
  /** Connection cap in force: the pool's cap (async) or one per worker thread (threads). */
  connections: number;
  /** Worker-thread pools created (0 for async). */
  pools: number;
  /** Requests the strategy is meant to perform, when not one per number (the no-op reference: 0). */
  requests?: number;
}

/** Every strategy: exactly one verified request per number, recorded through `record`. */
export type Strategy = (context: StrategyContext) => Promise<StrategyUsage>;

export interface StrategyModule {
  run: Strategy;
}

/** What a worker thread receives once, at start. */
export interface WorkerConfig {
  origin: string;
  timeoutMs: number;
  gaugeBuffer: SharedArrayBuffer;
}
