import type { StrategyModule } from './types.js';

/**
 * thread: worker-thread pools (piscina); async: the event loop (undici); control: an
 * event-loop variant that isolates one difference (barrier, window); reference: no request.
 */
export type StrategyKind = 'thread' | 'async' | 'control' | 'reference';

/** Which design a strategy stands for when threads are compared with the event loop; none for the reference. */
export type Side = 'threads' | 'event loop' | 'none';

export interface StrategyEntry {
  name: string;
  kind: StrategyKind;
  side: Side;
  /** One of the Python original's five strategies. */
  original: boolean;
  /** In the suite's default list (the headline run). */
  suite: boolean;
  /**
   * In the sweeps' default comparison. Left out: threads-recreate (~N/C pools) and
   * threads-map (N threads at every value), which alone would take longer than the rest,
   * and async-map, which does what async-for does.
   */
  sweptByDefault: boolean;
  description: string;
  /** The one colour of this strategy in every chart. */
  color: string;
  /** Loaded on demand: the async path never loads piscina, the threads path never loads undici's Pool. */
  load: () => Promise<StrategyModule>;
  /**
   * The worker-thread pools the strategy creates for N requests in chunks of C, one size
   * per pool, in order (pools run one after another). Empty: no worker thread.
   * The strategies size their pools from this, and the thread budget checks it.
   */
  poolSizes: (requests: number, chunk: number) => number[];
  /**
   * Connections the strategy holds at most for N requests, chunk C and --connections K:
   * one per live worker thread, or its connection pool's cap (never more than N).
   * The strategies size their pools from this; --warm opens exactly this many.
   */
  connections: (requests: number, chunk: number, connections: number) => number;
  /**
   * Most requests handed over and not yet answered at once, by design: all N when the
   * strategy submits or issues them all together, else C. The outcome's maxConcurrency
   * measures it; the client's memory bound counts it.
   */
  inFlight: (requests: number, chunk: number) => number;
}

const none = (): number[] => [];
const all = (requests: number): number => requests;
const chunkAtOnce = (requests: number, chunk: number): number => Math.min(requests, chunk);
const pooled = (requests: number, _chunk: number, connections: number): number => Math.min(requests, connections);

export const STRATEGIES: readonly StrategyEntry[] = [
  {
    name: 'threads-recreate',
    kind: 'thread',
    side: 'threads',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'per chunk of C numbers, a new pool of C worker threads runs the chunk, then is destroyed',
    color: '#d62728',
    load: () => import('./threads-recreate.js'),
    poolSizes: (requests, chunk) => Array.from({ length: Math.ceil(requests / chunk) }, () => Math.min(requests, chunk)),
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'threads-reuse',
    kind: 'thread',
    side: 'threads',
    original: true,
    suite: true,
    sweptByDefault: true,
    description: 'one pool of C worker threads; chunk by chunk, submit C requests and wait for all',
    color: '#ff7f0e',
    load: () => import('./threads-reuse.js'),
    poolSizes: (requests, chunk) => (requests > 0 ? [Math.min(requests, chunk)] : []),
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'threads-map',
    kind: 'thread',
    side: 'threads',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'one pool of N worker threads; all N requests submitted at once',
    color: '#8c564b',
    load: () => import('./threads-map.js'),
    poolSizes: (requests) => (requests > 0 ? [requests] : []),
    connections: all,
    inFlight: all,
  },
  {
    name: 'async-for',
    kind: 'async',
    side: 'event loop',
    original: true,
    suite: true,
    sweptByDefault: true,
    description: 'a for loop starts all N requests on the event loop (undici pool), then awaits them all',
    color: '#1f77b4',
    load: () => import('./async-for.js'),
    poolSizes: none,
    connections: pooled,
    inFlight: all,
  },
  {
    name: 'async-map',
    kind: 'async',
    side: 'event loop',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'the same as async-for, the requests started through Array.prototype.map',
    color: '#17becf',
    load: () => import('./async-map.js'),
    poolSizes: none,
    connections: pooled,
    inFlight: all,
  },
  // Controls (not in the original): they separate "threads vs async" from "barrier vs free flow" and start-up from work.
  {
    name: 'async-chunk',
    kind: 'control',
    side: 'event loop',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: 'control: threads-reuse on the event loop; chunk by chunk over C connections, start C requests and wait for all',
    color: '#9467bd',
    load: () => import('./async-chunk.js'),
    poolSizes: none,
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'async-limit',
    kind: 'control',
    side: 'event loop',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: 'control: a sliding window of C requests in flight over C connections, the next starts when one ends (no barrier)',
    color: '#2ca02c',
    load: () => import('./async-limit.js'),
    poolSizes: none,
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'noop',
    kind: 'reference',
    side: 'none',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: "reference: start-up only, no request and no HTTP library loaded (use as hyperfine's --reference)",
    color: '#7f7f7f',
    load: () => import('./noop.js'),
    poolSizes: none,
    connections: () => 0,
    inFlight: () => 0,
  },
];

/** Accepts the original's spellings too: async_for == async-for. */
export function findStrategy(name: string): StrategyEntry | undefined {
  const normalized = name.trim().toLowerCase().replaceAll('_', '-');
  return STRATEGIES.find((entry) => entry.name === normalized);
}

/** Worker threads alive at once: pools run one after another, so the largest pool. */
export function liveThreads(entry: StrategyEntry, requests: number, chunk: number): number {
  return Math.max(0, ...entry.poolSizes(requests, chunk));
}

/** The original five, in the original's order. */
export const ORIGINAL_STRATEGIES: readonly StrategyEntry[] = STRATEGIES.filter((entry) => entry.original);

/** The suite's default list (the headline run), in the registry's order. */
export const SUITE_STRATEGIES: readonly StrategyEntry[] = STRATEGIES.filter((entry) => entry.suite);

/** What `benchmark list --json` prints for each strategy. */
export function describeStrategy(entry: StrategyEntry): { name: string; kind: StrategyKind; original: boolean; color: string; description: string } {
  return { name: entry.name, kind: entry.kind, original: entry.original, color: entry.color, description: entry.description };
}
