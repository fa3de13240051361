import { Piscina } from 'piscina';
import { handOver, type Verdict } from './request.js';
import type { Strategy, StrategyContext, WorkerConfig } from './types.js';
import { checkThreadBudget } from './thread-budget.js';
import { threadPoolOptions } from './worker-options.js';
import { ReadyCount } from './ready-count.js';

const WORKER_FILE = new URL('./worker.js', import.meta.url).href;

export interface ThreadPool {
  /** Submits every number at once; each request is timed from its submission (handOver). */
  runAll(numbers: readonly number[]): Promise<void>;
  /** Ends the threads and adds the pool's start-up to the outcome (unless it happened before the clock). */
  destroy(): Promise<void>;
}

/**
 * A pool of exactly `size` worker threads, all started at once, each doing one request at
 * a time over its own connection (worker-options.ts has every option). Its start-up runs
 * from here until every thread is ready (or the pool is destroyed first). With
 * `beforeClock` (--warm) this resolves only once every thread is ready to send, and that
 * start-up is the warm-up's, not the run's.
 */
export async function createThreadPool(size: number, context: StrategyContext, beforeClock = false): Promise<ThreadPool> {
  checkThreadBudget(context.strategy, size);
  const ready = new ReadyCount();
  const workerData: WorkerConfig = {
    origin: context.options.origin,
    timeoutMs: context.options.timeoutMs,
    // Only a pool started before the clock opens its connections up front (threads-recreate's later pools do not).
    warm: beforeClock && context.options.warm,
    workUnits: context.options.workUnits,
    gaugeBuffer: context.gauge.buffer,
    readyBuffer: ready.buffer,
  };
  const created = performance.now();
  const pool = new Piscina(threadPoolOptions(size, WORKER_FILE, workerData));
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
  // The first requests given to a pool created inside the clock are handed over when the pool
  // is created: Node creates each worker on the main thread before the pool can take any
  // request, and that is the start of their wait for a thread (as opening a connection is
  // part of an async request's wait). Later requests are handed over when submitted.
  let since: number | undefined = beforeClock ? undefined : created;
  return {
    async runAll(numbers) {
      const handedOver = since;
      since = undefined;
      await Promise.all(numbers.map((n) => handOver(context.gauge, () => pool.run(n) as Promise<Verdict>, handedOver).then(context.record)));
    },
    async destroy() {
      const destroyedAt = performance.now();
      stopped = true;
      ready.wake();
      await startup;
      await pool.destroy();
      if (!beforeClock) context.addThreadStartup(((readyAt ?? destroyedAt) - created) / 1000);
    },
  };
}

export function chunksOf(numbers: readonly number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < numbers.length; i += size) chunks.push(numbers.slice(i, i + size));
  return chunks;
}

/**
 * A strategy with one pool for the whole run: the registry's one pool size, created (and
 * with --warm readied) by `prepare`; `send` puts the numbers through it, then it is destroyed.
 */
export function onePoolStrategy(send: (pool: ThreadPool, context: StrategyContext) => Promise<void>): Strategy {
  return async (context) => {
    const pool = await createThreadPool(context.poolSizes[0] ?? 0, context, context.options.warm);
    return {
      async run() {
        await send(pool, context);
        await pool.destroy();
        return { pools: 1 };
      },
    };
  };
}
