import { chunksOf, createThreadPool, runOnPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/** Per chunk: a new pool of C threads runs the chunk, then is destroyed (threads and connections). */
export const run: Strategy = async (context) => {
  const chunks = chunksOf(context.numbers, context.options.chunk);
  for (const [index, chunk] of chunks.entries()) {
    const pool = createThreadPool(context.poolSizes[index] ?? chunk.length, context);
    await runOnPool(pool, chunk, context);
    await pool.destroy();
  }
  return { connections: Math.max(0, ...context.poolSizes), pools: chunks.length };
};
