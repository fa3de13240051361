import { chunksOf, createThreadPool } from './thread-pool.js';
import type { Strategy } from './types.js';

/**
 * Per chunk: a new pool of C threads runs the chunk, then is destroyed (threads and
 * connections). Starting pools is the strategy itself: --warm readies only the first one.
 */
export const prepare: Strategy = async (context) => {
  const chunks = chunksOf(context.numbers, context.options.chunk);
  const size = (index: number): number => context.poolSizes[index] ?? 0;
  const first = chunks.length > 0 ? await createThreadPool(size(0), context, context.options.warm) : undefined;
  return {
    async run() {
      for (const [index, chunk] of chunks.entries()) {
        const pool = index === 0 && first ? first : await createThreadPool(size(index), context);
        await pool.runAll(chunk);
        await pool.destroy();
      }
      return { pools: chunks.length };
    },
  };
};
