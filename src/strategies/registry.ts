import type { StrategyModule } from './types.js';

export interface StrategyEntry {
  name: string;
  /** 'reference': the no-op baseline for hyperfine's --reference (performs no request). */
  kind: 'threads' | 'async' | 'reference';
  description: string;
  /** Loaded on demand: the async path never loads piscina, the threads path never loads undici's Pool. */
  load: () => Promise<StrategyModule>;
  /** Worker threads alive at once for N requests in chunks of C (thread strategies only). */
  liveThreads?: (requests: number, chunk: number) => number;
}

export const STRATEGIES: readonly StrategyEntry[] = [
  {
    name: 'threads-recreate',
    kind: 'threads',
    description: 'per chunk of C numbers, a new pool of C worker threads runs the chunk, then is destroyed',
    load: () => import('./threads-recreate.js'),
    liveThreads: (requests, chunk) => Math.min(requests, chunk),
  },
  {
    name: 'threads-reuse',
    kind: 'threads',
    description: 'one pool of C worker threads; chunk by chunk, submit C requests and wait for all',
    load: () => import('./threads-reuse.js'),
    liveThreads: (requests, chunk) => Math.min(requests, chunk),
  },
  {
    name: 'threads-map',
    kind: 'threads',
    description: 'one pool of N worker threads; all N requests submitted at once',
    load: () => import('./threads-map.js'),
    liveThreads: (requests) => requests,
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
  // Controls (not in the original): they separate "threads vs async" from "barrier vs free flow" and start-up from work.
  {
    name: 'async-chunk',
    kind: 'async',
    description: 'control: threads-reuse on the event loop; chunk by chunk over C connections, start C requests and wait for all',
    load: () => import('./async-chunk.js'),
  },
  {
    name: 'async-limit',
    kind: 'async',
    description: 'control: a sliding window of C requests in flight over C connections, the next starts when one ends (no barrier)',
    load: () => import('./async-limit.js'),
  },
  {
    name: 'noop',
    kind: 'reference',
    description: "reference: start-up only, no request and no HTTP library loaded (use as hyperfine's --reference)",
    load: () => import('./noop.js'),
  },
];

/** Accepts the original's spellings too: async_for == async-for. */
export function findStrategy(name: string): StrategyEntry | undefined {
  const normalized = name.trim().toLowerCase().replaceAll('_', '-');
  return STRATEGIES.find((entry) => entry.name === normalized);
}
