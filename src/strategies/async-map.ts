import { createConnectionPool } from './async-pool.js';
import { multiply } from './request.js';
import type { Strategy } from './types.js';

/** The same work as async-for, started through Array.prototype.map (its own code path, unlike the original). */
export const run: Strategy = async (context) => {
  const pool = createConnectionPool(context);
  const results = await Promise.all(context.numbers.map((n) => multiply(pool, n, context.options.timeoutMs, context.gauge)));
  results.forEach(context.record);
  await pool.close();
  return { connections: context.options.connections, pools: 0 };
};
