import type { StrategyModule } from './types.js';

export interface StrategyEntry {
  name: string;
  kind: 'threads' | 'async';
  description: string;
  /** Loaded on demand: the async path never loads piscina, the threads path never loads undici's Pool. */
  load: () => Promise<StrategyModule>;
}

export const STRATEGIES: readonly StrategyEntry[] = [
  {
    name: 'threads-recreate',
    kind: 'threads',
    description: 'per chunk of C numbers, a new pool of C worker threads runs the chunk, then is destroyed',
    load: () => import('./threads-recreate.js'),
  },
  {
    name: 'threads-reuse',
    kind: 'threads',
    description: 'one pool of C worker threads; chunk by chunk, submit C requests and wait for all',
    load: () => import('./threads-reuse.js'),
  },
  {
    name: 'threads-map',
    kind: 'threads',
    description: 'one pool of N worker threads; all N requests submitted at once',
    load: () => import('./threads-map.js'),
  },
  {
    name: 'async-for',
    kind: 'async',
    description: 'a for loop starts all N requests on the event loop (undici pool), then awaits them all',
    load: () => import('./async-for.js'),
  },
  {
    name: 'async-map',
    kind: 'async',
    description: 'the same as async-for, the requests started through Array.prototype.map',
    load: () => import('./async-map.js'),
  },
];

/** Accepts the original's spellings too: async_for == async-for. */
export function findStrategy(name: string): StrategyEntry | undefined {
  const normalized = name.trim().toLowerCase().replaceAll('_', '-');
  return STRATEGIES.find((entry) => entry.name === normalized);
}
