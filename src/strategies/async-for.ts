import { eventLoopStrategy, startAllThenAwait } from './async-pool.js';

/** A for loop starts every request on the event loop, then all are awaited (asyncio create_task + gather). */
export const prepare = eventLoopStrategy(startAllThenAwait);
