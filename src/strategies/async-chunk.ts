import { createConnectionPool } from './async-pool.js';
import type { Strategy } from './types.js';

/**
 * Control: the async side with threads-reuse's barrier. Chunk by chunk, start C requests
 * and wait for all of them before the next chunk, over C connections (like C worker
 * threads each holding one). Against threads-reuse it isolates "threads vs event loop";
 * against async-limit, "barrier vs free flow".
 */
export const prepare: Strategy = async (context) => {
  const pool = await createConnectionPool(context);
  const { numbers, options } = context;
  return {
    async run() {
      for (let start = 0; start < numbers.length; start += options.chunk) {
        const results = await Promise.all(numbers.slice(start, start + options.chunk).map(pool.send));
        results.forEach(context.record);
      }
      await pool.close();
      return { pools: 0 };
    },
  };
};
