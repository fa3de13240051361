import { Piscina } from 'piscina';
import type { RequestResult } from './request.js';
import type { StrategyContext, WorkerConfig } from './types.js';
import { checkThreadBudget } from './thread-budget.js';

const WORKER_FILE = new URL('./worker.js', import.meta.url).href;
/** Longer than any run: piscina's default idle timeout would churn threads mid-run. */
const IDLE_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * A pool of exactly `size` worker threads, all started up front, each doing one
 * request at a time. atomics 'disabled': piscina's default parks idle workers in
 * Atomics.wait, which would stall the async I/O inside them.
 */
export function createThreadPool(size: number, context: StrategyContext): Piscina {
  checkThreadBudget(context.strategy, size);
  const workerData: WorkerConfig = {
    origin: context.options.origin,
    timeoutMs: context.options.timeoutMs,
    gaugeBuffer: context.gauge.buffer,
  };
  return new Piscina({
    filename: WORKER_FILE,
    minThreads: size,
    maxThreads: size,
    concurrentTasksPerWorker: 1,
    atomics: 'disabled',
    idleTimeout: IDLE_TIMEOUT_MS,
    workerData,
  });
}

/** Submits every number to the pool at once and records each verified result. */
export async function runOnPool(pool: Piscina, numbers: readonly number[], context: StrategyContext): Promise<void> {
  await Promise.all(
    numbers.map((n) =>
      (pool.run(n) as Promise<RequestResult>).then(context.record, (error: unknown) =>
        context.record({ ok: false, latencyMs: 0, error: `worker failed: ${String(error)}` }),
      ),
    ),
  );
}

export function chunksOf(numbers: readonly number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < numbers.length; i += size) chunks.push(numbers.slice(i, i + size));
  return chunks;
}
