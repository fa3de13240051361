import { createConnectionPool } from './async-pool.js';
import { createThreadPool } from './thread-pool.js';
import type { RequestResult } from './request.js';
import type { Strategy } from './types.js';

const WORK_WORKER = new URL('./work-worker.js', import.meta.url).href;

/**
 * The thread design Node's documentation and piscina recommend: I/O on the main event loop,
 * CPU work in a pool. Requests go as async-for's do (all N started, an undici Pool capped at
 * --connections); the --work-ms work of each verified response is handed to a pool of W
 * worker threads and awaited before the response counts. The pool is created in `prepare`
 * whatever --work-ms is (with 0 it stays idle: what having it costs is part of the design),
 * so with --warm it is ready, and its threads warm, before the clock.
 */
export const prepare: Strategy = async (context) => {
  const threads = await createThreadPool(context.pools.size, context, context.options.warm, { file: WORK_WORKER });
  const work = context.options.workUnits > 0 ? () => threads.submit(undefined) : undefined;
  const pool = await createConnectionPool(context, work);
  let endedAt: number | undefined;
  return {
    async run() {
      // async-for's loop: every request started, then all awaited.
      const pending: Promise<RequestResult>[] = [];
      for (const n of context.numbers) pending.push(pool.send(n));
      for (const result of await Promise.all(pending)) context.record(result);
      endedAt = performance.now();
      return { pools: 1 };
    },
    async teardown() {
      await pool.close();
      await threads.destroy(endedAt);
    },
  };
};
