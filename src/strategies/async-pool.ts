import { Gauge } from './gauge.js';
import { Pool } from './undici.js';
import { dispatcherOptions, handOver, multiply, openConnection, warmUp, type RequestResult, type RequestSettings } from './request.js';
import type { Strategy, StrategyContext } from './types.js';

export interface ConnectionPool {
  /** Issues one request on the event loop, timed from now to its verified answer. */
  send(n: number): Promise<RequestResult>;
  close(): Promise<void>;
}

/**
 * The event loop's connection pool, capped at `context.connections` (aiohttp's 100 by
 * default; undici's is unlimited otherwise). With --warm, resolves once that many
 * connections are open, each with one GET /health, and the main thread has sent
 * --warm-requests warm-up requests through it, as many at once as it has connections. The
 * CPU work of --work-ms runs here, on the event loop, unless `work` hands it elsewhere.
 */
export async function createConnectionPool(context: StrategyContext, work?: () => Promise<unknown>): Promise<ConnectionPool> {
  const { gauge, options } = context;
  const cap = context.connections;
  const pool = new Pool(options.origin, { connections: cap, ...dispatcherOptions(options.timeoutMs) });
  pool.on('connect', () => gauge.connectionOpened());
  const settings: RequestSettings = { timeoutMs: options.timeoutMs };
  if (work) {
    settings.work = work;
  } else if (options.workUnits > 0) {
    const { measuredWork } = await import('./work.js');
    settings.work = measuredWork(options.workUnits, gauge);
  }
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

/**
 * An event-loop strategy: `prepare` creates its connection pool; `send` puts the numbers
 * through it; `teardown` closes it, after the clock.
 */
export function eventLoopStrategy(send: (pool: ConnectionPool, context: StrategyContext) => Promise<void>): Strategy {
  return async (context) => {
    const pool = await createConnectionPool(context);
    return {
      async run() {
        await send(pool, context);
        return { pools: 0 };
      },
      teardown: () => pool.close(),
    };
  };
}
