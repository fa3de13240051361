import { createConnectionPool } from './async-pool.js';
import { multiply, type RequestResult } from './request.js';
import type { Strategy } from './types.js';

/** A for loop starts every request on the event loop, then all are awaited (asyncio create_task + gather). */
export const run: Strategy = async (context) => {
  const pool = createConnectionPool(context);
  const pending: Promise<RequestResult>[] = [];
  for (const n of context.numbers) {
    pending.push(multiply(pool, n, context.options.timeoutMs, context.gauge));
  }
  for (const result of await Promise.all(pending)) context.record(result);
  await pool.close();
  return { connections: context.options.connections, pools: 0 };
};
