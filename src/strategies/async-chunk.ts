import { createConnectionPool } from './async-pool.js';
import { multiply } from './request.js';
import type { Strategy, StrategyContext } from './types.js';

/** A pool of C connections on the event loop, like C worker threads each holding one connection. */
export function chunkSizedContext(context: StrategyContext): { context: StrategyContext; size: number } {
  const size = Math.max(1, Math.min(context.options.chunk, context.numbers.length));
  return { context: { ...context, options: { ...context.options, connections: size } }, size };
}

/**
 * Control: the async side with threads-reuse's barrier. Chunk by chunk, start C requests
 * and wait for all of them before the next chunk, over C connections. Against
 * threads-reuse it isolates "threads vs event loop"; against async-limit, "barrier vs free flow".
 */
export const run: Strategy = async (original) => {
  const { context, size } = chunkSizedContext(original);
  const pool = createConnectionPool(context);
  const { numbers, options } = context;
  for (let start = 0; start < numbers.length; start += options.chunk) {
    const chunk = numbers.slice(start, start + options.chunk);
    const results = await Promise.all(chunk.map((n) => multiply(pool, n, options.timeoutMs, context.gauge)));
    results.forEach(context.record);
  }
  await pool.close();
  return { connections: size, pools: 0 };
};
