import { createConnectionPool } from './async-pool.js';
import type { Strategy } from './types.js';

/** The same work as async-for, started through Array.prototype.map (its own code path, unlike the original). */
export const prepare: Strategy = async (context) => {
  const pool = await createConnectionPool(context);
  return {
    async run() {
      const results = await Promise.all(context.numbers.map(pool.send));
      results.forEach(context.record);
      await pool.close();
      return { pools: 0 };
    },
  };
};
