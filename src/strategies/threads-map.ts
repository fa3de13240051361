import { createThreadPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** One pool of N threads, all N requests submitted at once: N requests really in flight together. */
export const prepare: Strategy = async (context) => {
  const pool = await createThreadPool(context.poolSizes[0] ?? 0, context, context.options.warm);
  return {
    async run() {
      await pool.runAll(context.numbers);
      await pool.destroy();
      return { pools: 1 };
    },
  };
};
