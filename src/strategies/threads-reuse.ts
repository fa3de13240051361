import { chunksOf, createThreadPool, runOnPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** One pool of C threads; chunk by chunk, submit C and wait for all (a barrier per chunk). */
export const run: Strategy = async (context) => {
  const size = context.poolSizes[0] ?? 0;
  const pool = createThreadPool(size, context);
  for (const chunk of chunksOf(context.numbers, context.options.chunk)) {
    await runOnPool(pool, chunk, context);
  }
  await pool.destroy();
  return { connections: size, pools: 1 };
};
