import { createConnectionPool } from './async-pool.js';
import type { Strategy } from './types.js';

/**
 * Control: a sliding window of C requests in flight over C connections; a new request
 * starts as soon as any finishes (no barrier). The fairest async counterpart of a pool
 * of C threads that each take the next number when free.
 */
export const prepare: Strategy = async (context) => {
  const pool = await createConnectionPool(context);
  const { numbers } = context;
  return {
    async run() {
      let next = 0;
      // Each lane is one "thread": it takes the next number until none is left.
      const lane = async (): Promise<void> => {
        while (next < numbers.length) context.record(await pool.send(numbers[next++] as number));
      };
      await Promise.all(Array.from({ length: context.connections }, lane));
      await pool.close();
      return { pools: 0 };
    },
  };
};
