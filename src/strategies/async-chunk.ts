import { eventLoopStrategy } from './async-pool.js';

/**
 * Control: the async side with threads-reuse's barrier. Chunk by chunk, start C requests
 * and wait for all of them before the next chunk, over C connections (like C worker
 * threads each holding one). Against threads-reuse it isolates "threads vs event loop";
 * against async-limit, "barrier vs free flow".
 */
export const prepare = eventLoopStrategy(async (pool, { numbers, options, record }) => {
  for (let start = 0; start < numbers.length; start += options.chunk) {
    const results = await Promise.all(numbers.slice(start, start + options.chunk).map(pool.send));
    results.forEach(record);
  }
});
