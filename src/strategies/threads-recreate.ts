import { chunksOf, createThreadPool, runOnPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** Per chunk: a new pool of C threads runs the chunk, then is destroyed (threads and connections). */
export const run: Strategy = async (context) => {
  const size = Math.min(context.options.chunk, context.numbers.length);
  const chunks = chunksOf(context.numbers, context.options.chunk);
  for (const chunk of chunks) {
    const pool = createThreadPool(size, context, 'threads-recreate');
    await runOnPool(pool, chunk, context);
    await pool.destroy();
  }
  return { connections: size, pools: chunks.length };
};
