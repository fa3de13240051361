import { eventLoopStrategy } from './async-pool.js';

/** Control: a window of C in flight over C connections, the next starting when one ends; the fairest async counterpart of C threads taking the next number when free. */
export const prepare = eventLoopStrategy(async (pool, { numbers, connections, record }) => {
  let next = 0;
  // Each lane is one "thread": it takes the next number until none is left.
  const lane = async (): Promise<void> => {
    while (next < numbers.length) record(await pool.send(numbers[next++] as number));
  };
  await Promise.all(Array.from({ length: connections }, lane));
});
