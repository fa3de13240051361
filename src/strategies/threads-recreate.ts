import { createThreadPool, type ThreadPool } from './thread-pool.js';
import { chunksOf, preparedStrategy, type Strategy } from './types.js';

/**
 * Per chunk, a new pool of C threads runs the chunk, then is destroyed. Starting pools is the strategy
 * itself: --warm readies only the first, and every destroy but the last (the teardown) is timed.
 */
export const prepare: Strategy = async (context) => {
  const chunks = chunksOf(context.numbers, context.options.chunk);
  const { size } = context.pools;
  const first = chunks.length > 0 ? await createThreadPool(size, context, context.options.warm) : undefined;
  if (first && context.options.warm) await first.warmUp(context.options.warmRequests);
  let last: ThreadPool | undefined;
  const run = async () => {
    for (const [index, chunk] of chunks.entries()) {
      if (last) await last.destroy();
      last = index === 0 && first ? first : await createThreadPool(size, context);
      await last.runAll(chunk);
    }
    return { pools: chunks.length };
  };
  return preparedStrategy(run, async (endedAt) => {
    await last?.destroy(endedAt);
  });
};
