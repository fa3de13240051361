import os from 'node:os';
import type { PoolPlan, StrategyModule } from './types.js';

// No runtime import of a sibling module here: tests and other tools load this file as
// TypeScript source, where './x.js' would not resolve.

/** The sizes one run is given: -r, -c, --connections and --workers. */
export interface RunSizes {
  requests: number;
  chunk: number;
  /** Connection cap (--connections); what each strategy makes of it: the registry's connections. */
  connections: number;
  /** Threads of threads-async's and async-offload's one pool (--workers); the others ignore it. */
  workers: number;
}

/** The connection cap a run gets without --connections: aiohttp's default. */
export const DEFAULT_CONNECTIONS = 100;

/** --workers by default: one worker thread per core Node may use. */
export function defaultWorkers(): number {
  return os.availableParallelism();
}

/** A run's sizes from -r and -c, with the client's defaults for what is not given. */
export function runSizes(requests: number, chunk: number, more: Partial<Pick<RunSizes, 'connections' | 'workers'>> = {}): RunSizes {
  return { requests, chunk, connections: more.connections ?? DEFAULT_CONNECTIONS, workers: more.workers ?? defaultWorkers() };
}

/**
 * thread: worker-thread pools (piscina); async: the event loop (undici); control: an
 * event-loop variant that isolates one difference (barrier, window); reference: no request.
 */
export type StrategyKind = 'thread' | 'async' | 'control' | 'reference';

/**
 * Which side of the question a strategy stands for: a design that uses worker threads
 * (threads-async and async-offload included), the event loop alone, or neither (the no-op
 * reference). Reports and crossovers read it here instead of deriving it from kind or name.
 */
export type Side = 'threads' | 'event loop' | 'none';

export type { PoolPlan };

export interface StrategyEntry {
  name: string;
  kind: StrategyKind;
  side: Side;
  /** Where the HTTP requests run: the main thread's event loop, or the worker threads. */
  requestsOn: 'main thread' | 'worker threads' | 'none';
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
  /** The pools the strategy creates for these sizes; the strategies size their pools from it, and the thread budget checks it. */
  pools: (sizes: RunSizes) => PoolPlan;
  /**
   * Connections the strategy holds at most: one per live worker thread, or its connection
   * pool's cap (never more than N). The strategies size their pools from this; --warm opens
   * exactly this many.
   */
  connections: (sizes: RunSizes) => number;
  /**
   * Most requests handed over and not yet answered at once, by design: all N when the
   * strategy submits or issues them all together, else C. The outcome's maxConcurrency
   * measures it; the client's memory bound counts it.
   */
  inFlight: (sizes: RunSizes) => number;
}

const noPools = (): PoolPlan => ({ count: 0, size: 0 });
const all = ({ requests }: RunSizes): number => requests;
const chunkAtOnce = ({ requests, chunk }: RunSizes): number => Math.min(requests, chunk);
const pooled = ({ requests, connections }: RunSizes): number => Math.min(requests, connections);
/**
 * threads-async's workers: --workers, but never more than could each have a request and a
 * connection of their own (N, C and --connections), so every worker gets at least one of each.
 */
const asyncWorkers = ({ requests, chunk, connections, workers }: RunSizes): number => Math.min(workers, requests, chunk, connections);

export const STRATEGIES: readonly StrategyEntry[] = [
  {
    name: 'threads-recreate',
    kind: 'thread',
    side: 'threads',
    requestsOn: 'worker threads',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'per chunk of C numbers, a new pool of C worker threads runs the chunk, then is destroyed',
    color: '#d62728',
    load: () => import('./threads-recreate.js'),
    pools: (sizes) => ({ count: Math.ceil(sizes.requests / sizes.chunk), size: chunkAtOnce(sizes) }),
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'threads-reuse',
    kind: 'thread',
    side: 'threads',
    requestsOn: 'worker threads',
    original: true,
    suite: true,
    sweptByDefault: true,
    description: 'one pool of C worker threads; chunk by chunk, submit C requests and wait for all',
    color: '#ff7f0e',
    load: () => import('./threads-reuse.js'),
    pools: (sizes) => ({ count: 1, size: chunkAtOnce(sizes) }),
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'threads-map',
    kind: 'thread',
    side: 'threads',
    requestsOn: 'worker threads',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'one pool of N worker threads; all N requests submitted at once',
    color: '#8c564b',
    load: () => import('./threads-map.js'),
    pools: ({ requests }) => ({ count: 1, size: requests }),
    connections: all,
    inFlight: all,
  },
  {
    name: 'async-for',
    kind: 'async',
    side: 'event loop',
    requestsOn: 'main thread',
    original: true,
    suite: true,
    sweptByDefault: true,
    description: 'a for loop starts all N requests on the event loop (undici pool), then awaits them all',
    color: '#1f77b4',
    load: () => import('./async-for.js'),
    pools: noPools,
    connections: pooled,
    inFlight: all,
  },
  {
    name: 'async-map',
    kind: 'async',
    side: 'event loop',
    requestsOn: 'main thread',
    original: true,
    suite: true,
    sweptByDefault: false,
    description: 'the same as async-for, the requests started through Array.prototype.map',
    color: '#17becf',
    load: () => import('./async-map.js'),
    pools: noPools,
    connections: pooled,
    inFlight: all,
  },
  // The two thread designs Node engineers use (not in the original, which has only one request per thread).
  {
    name: 'threads-async',
    kind: 'thread',
    side: 'threads',
    requestsOn: 'worker threads',
    original: false,
    suite: true,
    sweptByDefault: true,
    description:
      'one pool of W worker threads (--workers, default one per core), each running its share of the N requests concurrently on its own event loop and undici pool; C in flight in all, --connections in all, no barrier',
    color: '#c51b7d',
    load: () => import('./threads-async.js'),
    pools: (sizes) => ({ count: 1, size: asyncWorkers(sizes) }),
    // Each worker opens connections only for requests it runs, and runs at most its share of C.
    connections: (sizes) => Math.min(sizes.requests, sizes.chunk, sizes.connections),
    inFlight: all,
  },
  {
    name: 'async-offload',
    kind: 'thread',
    side: 'threads',
    requestsOn: 'main thread',
    original: false,
    suite: true,
    sweptByDefault: true,
    description:
      "requests on the event loop as async-for; each verified response's --work-ms work handed to a pool of W worker threads (--workers, default one per core) and awaited",
    color: '#1b9e77',
    load: () => import('./async-offload.js'),
    pools: ({ requests, workers }) => ({ count: 1, size: Math.min(workers, requests) }),
    connections: pooled,
    inFlight: all,
  },
  // Controls (not in the original): they separate "threads vs async" from "barrier vs free flow" and start-up from work.
  {
    name: 'async-chunk',
    kind: 'control',
    side: 'event loop',
    requestsOn: 'main thread',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: 'control: threads-reuse on the event loop; chunk by chunk over C connections, start C requests and wait for all',
    color: '#9467bd',
    load: () => import('./async-chunk.js'),
    pools: noPools,
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'async-limit',
    kind: 'control',
    side: 'event loop',
    requestsOn: 'main thread',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: 'control: a sliding window of C requests in flight over C connections, the next starts when one ends (no barrier)',
    color: '#2ca02c',
    load: () => import('./async-limit.js'),
    pools: noPools,
    connections: chunkAtOnce,
    inFlight: chunkAtOnce,
  },
  {
    name: 'noop',
    kind: 'reference',
    side: 'none',
    requestsOn: 'none',
    original: false,
    suite: false,
    sweptByDefault: true,
    description: "reference: start-up only, no request and no HTTP library loaded (use as hyperfine's --reference)",
    color: '#7f7f7f',
    load: () => import('./noop.js'),
    pools: noPools,
    connections: () => 0,
    inFlight: () => 0,
  },
];


/** Accepts the original's spellings too: async_for == async-for. */
export function findStrategy(name: string): StrategyEntry | undefined {
  const normalized = name.trim().toLowerCase().replaceAll('_', '-');
  return STRATEGIES.find((entry) => entry.name === normalized);
}

/** Worker threads alive at once: pools run one after another, so the size of one. */
export function liveThreads(entry: StrategyEntry, requests: number, chunk: number, more: Partial<Pick<RunSizes, 'connections' | 'workers'>> = {}): number {
  const { count, size } = entry.pools(runSizes(requests, chunk, more));
  return count > 0 ? size : 0;
}

/** Worker threads started in a whole run, summed over its pools (the suite's duration model). */
export function totalThreads(entry: StrategyEntry, requests: number, chunk: number, more: Partial<Pick<RunSizes, 'connections' | 'workers'>> = {}): number {
  const { count, size } = entry.pools(runSizes(requests, chunk, more));
  return count * size;
}

/** The original five, in the original's order (the default suite). */
export const ORIGINAL_STRATEGIES: readonly StrategyEntry[] = STRATEGIES.filter((entry) => entry.original);

/** The suite's default list (the headline run): the original five and the idiomatic thread designs. */
export const SUITE_STRATEGIES: readonly StrategyEntry[] = STRATEGIES.filter((entry) => entry.suite);

/** What `benchmark list --json` prints for each strategy. */
export function describeStrategy(entry: StrategyEntry): { name: string; kind: StrategyKind; side: Side; original: boolean; color: string; description: string } {
  return { name: entry.name, kind: entry.kind, side: entry.side, original: entry.original, color: entry.color, description: entry.description };
}
