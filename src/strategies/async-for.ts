import { eventLoopStrategy } from './async-pool.js';
import type { RequestResult } from './request.js';

/** A for loop starts every request on the event loop, then all are awaited (asyncio create_task + gather). */
export const prepare = eventLoopStrategy(async (pool, { numbers, record }) => {
  const pending: Promise<RequestResult>[] = [];
  for (const n of numbers) pending.push(pool.send(n));
  for (const result of await Promise.all(pending)) record(result);
});
