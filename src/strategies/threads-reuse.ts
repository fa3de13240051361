import { onePoolStrategy } from './thread-pool.js';
import { chunksOf } from './types.js';

/** One pool of C threads; chunk by chunk, submit C and wait for all (a barrier per chunk). */
export const prepare = onePoolStrategy(async (pool, { numbers, options }) => {
  for (const chunk of chunksOf(numbers, options.chunk)) await pool.runAll(chunk);
});
