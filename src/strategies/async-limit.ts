import { eventLoopStrategy } from './async-pool.js';

/**
 * Control: a sliding window of C requests in flight over C connections; a new request
 * starts as soon as any finishes (no barrier). The fairest async counterpart of a pool
 * of C threads that each take the next number when free.
 */
export const prepare = eventLoopStrategy(async (pool, { numbers, connections, record }) => {
  let next = 0;
  // Each lane is one "thread": it takes the next number until none is left.
  const lane = async (): Promise<void> => {
    while (next < numbers.length) record(await pool.send(numbers[next++] as number));
  };
  await Promise.all(Array.from({ length: connections }, lane));
});
