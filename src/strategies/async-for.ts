import { createConnectionPool } from './async-pool.js';
import type { RequestResult } from './request.js';
import type { Strategy } from './types.js';

/** A for loop starts every request on the event loop, then all are awaited (asyncio create_task + gather). */
export const prepare: Strategy = async (context) => {
  const pool = await createConnectionPool(context);
  return {
    async run() {
      const pending: Promise<RequestResult>[] = [];
      for (const n of context.numbers) pending.push(pool.send(n));
      for (const result of await Promise.all(pending)) context.record(result);
      await pool.close();
      return { pools: 0 };
    },
  };
};
