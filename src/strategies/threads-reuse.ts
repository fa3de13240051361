import { chunksOf, createThreadPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** One pool of C threads; chunk by chunk, submit C and wait for all (a barrier per chunk). */
export const prepare: Strategy = async (context) => {
  const pool = await createThreadPool(context.poolSizes[0] ?? 0, context, context.options.warm);
  return {
    async run() {
      for (const chunk of chunksOf(context.numbers, context.options.chunk)) await pool.runAll(chunk);
      await pool.destroy();
      return { pools: 1 };
    },
  };
};
