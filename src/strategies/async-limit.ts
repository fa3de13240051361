import { createConnectionPool } from './async-pool.js';
import { chunkSizedContext } from './async-chunk.js';
import { multiply } from './request.js';
import type { Strategy } from './types.js';

/**
 * Control: a sliding window of C requests in flight over C connections; a new request
 * starts as soon as any finishes (no barrier). The fairest async counterpart of a pool
 * of C threads that each take the next number when free.
 */
export const run: Strategy = async (original) => {
  const { context, size } = chunkSizedContext(original);
  const pool = createConnectionPool(context);
  const { numbers, options } = context;
  let next = 0;
  // Each lane is one "thread": it takes the next number until none is left.
  const lane = async (): Promise<void> => {
    while (next < numbers.length) {
      const n = numbers[next++] as number;
      context.record(await multiply(pool, n, options.timeoutMs, context.gauge));
    }
  };
  await Promise.all(Array.from({ length: size }, lane));
  await pool.close();
  return { connections: size, pools: 0 };
};
