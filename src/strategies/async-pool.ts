import { Pool } from './undici.js';
import { handOver, MAX_RESPONSE_BYTES, multiply, openConnection, type RequestResult, type RequestSettings } from './request.js';
import type { Strategy, StrategyContext } from './types.js';

export interface ConnectionPool {
  /** Issues one request on the event loop, timed from now to its verified answer. */
  send(n: number): Promise<RequestResult>;
  close(): Promise<void>;
}

/**
 * The event loop's connection pool, capped at `context.connections` (aiohttp's 100 by
 * default; undici's is unlimited otherwise). With --warm, resolves once that many
 * connections are open, each with one GET /health, so /stats still counts exactly N
 * /multiply requests. The CPU work of --work-ms runs here, on the event loop.
 */
async function createConnectionPool(context: StrategyContext): Promise<ConnectionPool> {
  const cap = context.connections;
  const pool = new Pool(context.options.origin, { connections: cap, pipelining: 1, maxResponseSize: MAX_RESPONSE_BYTES });
  pool.on('connect', () => context.gauge.connectionOpened());
  const settings: RequestSettings = { timeoutMs: context.options.timeoutMs };
  if (context.options.workUnits > 0) {
    const { doWork } = await import('./work.js');
    const units = context.options.workUnits;
    settings.work = () => doWork(units);
  }
  // Started together, the requests find every connection busy, so the pool opens one each.
  if (context.options.warm) await Promise.all(Array.from({ length: cap }, () => openConnection(pool, context.options.timeoutMs)));
  return {
    send: (n) => handOver(context.gauge, () => multiply(pool, n, settings)),
    close: () => pool.close(),
  };
}

/** An event-loop strategy: `prepare` creates its connection pool; `send` puts the numbers through it, then it is closed. */
export function eventLoopStrategy(send: (pool: ConnectionPool, context: StrategyContext) => Promise<void>): Strategy {
  return async (context) => {
    const pool = await createConnectionPool(context);
    return {
      async run() {
        await send(pool, context);
        await pool.close();
        return { pools: 0 };
      },
    };
  };
}
