import { Piscina } from 'piscina';
import { Gauge } from './gauge.js';
import { handOver, warmUp, type Verdict } from './request.js';
import { preparedStrategy, type Strategy, type StrategyContext, type WorkerConfig } from './types.js';
import { checkThreadBudget } from './thread-budget.js';
import { threadPoolOptions, type TaskOptions } from './worker-options.js';
import { ReadyCount } from './ready-count.js';

/** One request at a time over its own connection (worker.ts). */
const REQUEST_WORKER = new URL('./worker.js', import.meta.url).href;

/** What runs in a pool's threads: the worker file, what it receives besides WorkerConfig, how many tasks each takes at once. */
export interface PoolSpec { file: string; workerData?: Record<string, unknown>; tasks?: TaskOptions }

export interface ThreadPool {
  /** Submits every number at once, each timed from its submission (handOver) and recorded. */
  runAll(numbers: readonly number[]): Promise<void>;
  /** Submits one task to the worker's default function, untimed (async-offload's work). */
  submit(task: unknown): Promise<unknown>;
  /** The main thread's warm-up: `count` requests handed over as a run's are, to the workers' `warmup`. */
  warmUp(count: number): Promise<void>;
  /** Ends the threads; adds the pool's start-up to the outcome unless it was before the clock, bounded by `runEndedAt` (threads not ready by then never served the run). */
  destroy(runEndedAt?: number): Promise<void>;
}

/**
 * A pool of exactly `size` threads running `spec.file`, all started at once (options: worker-options.ts).
 * Its start-up runs until every thread is ready. With `beforeClock` (--warm) this resolves only then
 * (the threads warmed), and that start-up is the warm-up's, not the run's.
 */
export async function createThreadPool(size: number, context: StrategyContext, beforeClock = false, spec: PoolSpec = { file: REQUEST_WORKER }): Promise<ThreadPool> {
  checkThreadBudget(context.strategy, size);
  const ready = new ReadyCount();
  const { options } = context;
  // Only a pool started before the clock warms up (threads-recreate's later pools do not).
  const warm = beforeClock && options.warm;
  const workerData: WorkerConfig = {
    origin: options.origin,
    timeoutMs: options.timeoutMs,
    warm,
    warmRequests: warm ? options.warmRequests : 0,
    workUnits: options.workUnits,
    gaugeBuffer: context.gauge.buffer,
    readyBuffer: ready.buffer,
  };
  const created = performance.now();
  const pool = new Piscina(threadPoolOptions(size, spec.file, { ...workerData, ...spec.workerData }, undefined, spec.tasks));
  // minThreads = maxThreads = size: piscina spawns them all now.
  context.gauge.threadsSpawned(size);
  let stopped = false;
  let failure: Error | undefined;
  // A thread that fails while starting, with no request of its own to fail.
  pool.on('error', (error: Error) => {
    failure ??= error;
    stopped = true;
    ready.wake();
  });
  let readyAt: number | undefined;
  // Timed alongside the requests: the threads that are ready already work.
  const startup = ready.until(size, () => stopped).then((all) => {
    if (all) readyAt = performance.now();
  });
  if (beforeClock) {
    await startup;
    if (failure) {
      await pool.destroy();
      throw new Error(`a worker thread failed to start: ${failure.message}`);
    }
  }
  // A pool created inside the clock hands its first requests over at its creation: Node creates each
  // worker on the main thread before the pool takes any, and their wait for a thread starts there (as
  // opening a connection is part of an async request's wait). Later requests: when submitted.
  let since: number | undefined = beforeClock ? undefined : created;
  const capacity = size * (spec.tasks?.concurrentTasksPerWorker ?? 1);
  return {
    async runAll(numbers) {
      const handedOver = since;
      since = undefined;
      await Promise.all(numbers.map((n) => handOver(context.gauge, () => pool.run(n) as Promise<Verdict>, handedOver).then(context.record)));
    },
    submit: (task) => pool.run(task),
    async warmUp(count) {
      // The same hand-over as a run's, counted on a gauge of its own: the warm-up is not the run's concurrency.
      const scratch = new Gauge();
      await warmUp((n) => handOver(scratch, () => pool.run(n, { name: 'warmup' }) as Promise<Verdict>), count, capacity);
    },
    async destroy(runEndedAt) {
      const destroyedAt = performance.now();
      stopped = true;
      ready.wake();
      await startup;
      await pool.destroy();
      const end = Math.min(readyAt ?? Infinity, runEndedAt ?? destroyedAt);
      if (!beforeClock) context.addThreadStartup((end - created) / 1000);
    },
  };
}

/** One pool for the whole run: created (with --warm readied and warmed, the main thread's path too) by `prepare`, used by `send`, destroyed by `teardown`. */
export function onePoolStrategy(send: (pool: ThreadPool, context: StrategyContext) => Promise<void>, spec?: PoolSpec): Strategy {
  return async (context) => {
    const pool = await createThreadPool(context.pools.size, context, context.options.warm, spec);
    if (context.options.warm) await pool.warmUp(context.options.warmRequests);
    return preparedStrategy(
      () => send(pool, context).then(() => ({ pools: 1 })),
      (endedAt) => pool.destroy(endedAt),
    );
  };
}
