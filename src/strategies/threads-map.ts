import { createThreadPool, runOnPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** One pool of N threads, all N requests submitted at once: N requests really in flight together. */
export const run: Strategy = async (context) => {
  const size = context.poolSizes[0] ?? 0;
  const pool = createThreadPool(size, context);
  await runOnPool(pool, context.numbers, context);
  await pool.destroy();
  return { connections: size, pools: 1 };
};
