import { Gauge } from './gauge.js';
import { Pool } from './undici.js';
import { dispatcherOptions, handOver, multiply, openConnection, requestSettings, warmUp, type RequestResult } from './request.js';
import { preparedStrategy, type Strategy, type StrategyContext } from './types.js';

export interface ConnectionPool {
  /** Issues one request on the event loop, timed from now to its verified answer. */
  send(n: number): Promise<RequestResult>;
  close(): Promise<void>;
}

/**
 * The event loop's connection pool, capped at `context.connections` (aiohttp's 100 by default;
 * undici's is unlimited). With --warm, resolves once that many connections are open and the main
 * thread has sent --warm-requests warm-ups through it, as many at once. --work-ms's work runs
 * here, on the event loop, unless `work` hands it elsewhere.
 */
export async function createConnectionPool(context: StrategyContext, work?: () => Promise<unknown>): Promise<ConnectionPool> {
  const { gauge, options } = context;
  const cap = context.connections;
  const pool = new Pool(options.origin, { connections: cap, ...dispatcherOptions(options.timeoutMs) });
  pool.on('connect', () => gauge.connectionOpened());
  const settings = work ? { timeoutMs: options.timeoutMs, work } : await requestSettings(options.timeoutMs, options.workUnits, gauge);
  if (options.warm) {
    // Started together, the requests find every connection busy, so the pool opens one each.
    await Promise.all(Array.from({ length: cap }, () => openConnection(pool, options.timeoutMs)));
    // The run's own path (hand-over, request, verification, work), on a gauge of its own.
    const scratch = new Gauge();
    const warmupRequest = (n: number) => {
      gauge.warmupRequestSent();
      return handOver(scratch, () => multiply(pool, n, settings, true));
    };
    await warmUp(warmupRequest, options.warmRequests, cap);
  }
  return {
    send: (n) => handOver(gauge, () => multiply(pool, n, settings)),
    close: () => pool.close(),
  };
}

/** async-for's loop (asyncio's create_task, then gather): every request started, then all awaited. */
export async function startAllThenAwait(pool: ConnectionPool, { numbers, record }: StrategyContext): Promise<void> {
  const pending: Promise<RequestResult>[] = [];
  for (const n of numbers) pending.push(pool.send(n));
  for (const result of await Promise.all(pending)) record(result);
}

/** An event-loop strategy: `prepare` creates its connection pool, `send` puts the numbers through it, `teardown` (after the clock) closes it. */
export function eventLoopStrategy(send: (pool: ConnectionPool, context: StrategyContext) => Promise<void>): Strategy {
  return async (context) => {
    const pool = await createConnectionPool(context);
    return preparedStrategy(
      () => send(pool, context).then(() => ({ pools: 0 })),
      () => pool.close(),
    );
  };
}
