import { createConnectionPool, startAllThenAwait } from './async-pool.js';
import { createThreadPool } from './thread-pool.js';
import { preparedStrategy, type Strategy } from './types.js';

const WORK_WORKER = new URL('./work-worker.js', import.meta.url).href;

/**
 * The design Node's documentation and piscina recommend: I/O on the main event loop, CPU work in a
 * pool. Requests go as async-for's; each verified response's --work-ms work is handed to a pool of
 * W threads and awaited before it counts. The pool is created in `prepare` whatever --work-ms is
 * (with 0 it idles: having it is part of the design's cost), so --warm readies it before the clock.
 */
export const prepare: Strategy = async (context) => {
  const threads = await createThreadPool(context.pools.size, context, context.options.warm, { file: WORK_WORKER });
  const work = context.options.workUnits > 0 ? () => threads.submit(undefined) : undefined;
  const pool = await createConnectionPool(context, work);
  return preparedStrategy(
    () => startAllThenAwait(pool, context).then(() => ({ pools: 1 })),
    async (endedAt) => {
      await pool.close();
      await threads.destroy(endedAt);
    },
  );
};
