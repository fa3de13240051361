import { Pool } from './undici.js';
import type { StrategyContext } from './types.js';

/** The event loop's connection pool, capped like aiohttp's (100 by default); undici's is unlimited otherwise. */
export function createConnectionPool(context: StrategyContext): InstanceType<typeof Pool> {
  const pool = new Pool(context.options.origin, { connections: context.options.connections, pipelining: 1 });
  pool.on('connect', () => context.gauge.connectionOpened());
  return pool;
}
