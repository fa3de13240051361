import { eventLoopStrategy } from './async-pool.js';

/** The same work as async-for, started through Array.prototype.map (its own code path, unlike the original). */
export const prepare = eventLoopStrategy(async (pool, { numbers, record }) => {
  const results = await Promise.all(numbers.map(pool.send));
  results.forEach(record);
});
