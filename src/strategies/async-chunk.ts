import { eventLoopStrategy } from './async-pool.js';
import { chunksOf } from './types.js';

/**
 * Control: threads-reuse's barrier on the event loop, chunk by chunk over C connections. Against
 * threads-reuse it isolates "threads vs event loop"; against async-limit, "barrier vs free flow".
 */
export const prepare = eventLoopStrategy(async (pool, { numbers, options, record }) => {
  for (const chunk of chunksOf(numbers, options.chunk)) {
    (await Promise.all(chunk.map(pool.send))).forEach(record);
  }
});
