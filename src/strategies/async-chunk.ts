import { eventLoopStrategy } from './async-pool.js';

/**
 * Control: threads-reuse's barrier on the event loop, chunk by chunk over C connections. Against
 * threads-reuse it isolates "threads vs event loop"; against async-limit, "barrier vs free flow".
 */
export const prepare = eventLoopStrategy(async (pool, { numbers, options, record }) => {
  for (let start = 0; start < numbers.length; start += options.chunk) {
    const results = await Promise.all(numbers.slice(start, start + options.chunk).map(pool.send));
    results.forEach(record);
  }
});
