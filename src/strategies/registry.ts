import os from 'node:os';
import type { PoolPlan, StrategyModule } from './types.js';

// No static import of a sibling module: tests and tools load this file as TypeScript source, where './x.js' would not resolve.

/** The sizes one run is given: -r, -c, --connections (what each strategy makes of it: its `connections`) and --workers (threads-async's and async-offload's pool). */
export interface RunSizes { requests: number; chunk: number; connections: number; workers: number }

type MoreSizes = Partial<Pick<RunSizes, 'connections' | 'workers'>>;

/** The connection cap a run gets without --connections: aiohttp's default. */
export const DEFAULT_CONNECTIONS = 100;

/** --workers by default: one worker thread per core Node may use. */
export function defaultWorkers(): number {
  return os.availableParallelism();
}

/** A run's sizes from -r and -c, with the client's defaults for what is not given. */
export function runSizes(requests: number, chunk: number, more: MoreSizes = {}): RunSizes {
  return { requests, chunk, connections: more.connections ?? DEFAULT_CONNECTIONS, workers: more.workers ?? defaultWorkers() };
}

/** thread: worker-thread pools (piscina); async: the event loop (undici); control: an event-loop variant that isolates one difference (barrier, window); reference: no request. */
export type StrategyKind = 'thread' | 'async' | 'control' | 'reference';

/** The side of the question a strategy stands for (threads-async and async-offload use threads); reports read it here, never from kind or name. */
export type Side = 'threads' | 'event loop' | 'none';

export interface StrategyEntry {
  name: string;
  kind: StrategyKind;
  side: Side;
  /** Where the HTTP requests run. */
  requestsOn: 'main thread' | 'worker threads' | 'none';
  /** One of the Python original's five strategies. */
  original: boolean;
  /** In the suite's default list (the headline run). */
  suite: boolean;
  /** In the sweeps' default comparison; threads-recreate and threads-map alone would take longer than the rest, and async-map does what async-for does. */
  sweptByDefault: boolean;
  description: string;
  /** The one colour of this strategy in every chart. */
  color: string;
  /** Loaded on demand: the async path never loads piscina, the threads path never loads undici's Pool. */
  load: () => Promise<StrategyModule>;
  /** The pools the strategy creates for these sizes: the strategies size their pools from it, the thread budget checks it. */
  pools: (sizes: RunSizes) => PoolPlan;
  /** Connections held at most (one per live worker thread, or the pool's cap; never above N): pools are sized from it, --warm opens this many. */
  connections: (sizes: RunSizes) => number;
  /** Most requests handed over and not yet answered at once, by design (N or C): the outcome's maxConcurrency measures it, the memory bound counts it. */
  inFlight: (sizes: RunSizes) => number;
}

const noPools = (): PoolPlan => ({ count: 0, size: 0 });
const all = ({ requests }: RunSizes): number => requests;
const chunkAtOnce = ({ requests, chunk }: RunSizes): number => Math.min(requests, chunk);
const pooled = ({ requests, connections }: RunSizes): number => Math.min(requests, connections);
/** threads-async's workers: --workers, but each with a request and a connection of its own (N, C and --connections bound it). */
const asyncWorkers = ({ requests, chunk, connections, workers }: RunSizes): number => Math.min(workers, requests, chunk, connections);

// What the strategies of one kind share; each row below adds its own.
const THREADS = { kind: 'thread', side: 'threads', requestsOn: 'worker threads' } as const;
const EVENT_LOOP = { side: 'event loop', requestsOn: 'main thread', pools: noPools } as const;
const ALL_ON_THE_LOOP = { ...EVENT_LOOP, kind: 'async', connections: pooled, inFlight: all } as const;
const CONTROL = { ...EVENT_LOOP, kind: 'control', original: false, suite: false, sweptByDefault: true, connections: chunkAtOnce, inFlight: chunkAtOnce } as const;

export const STRATEGIES: readonly StrategyEntry[] = [
  {
    ...THREADS, name: 'threads-recreate', original: true, suite: true, sweptByDefault: false, color: '#d62728',
    description: 'per chunk of C numbers, a new pool of C worker threads runs the chunk, then is destroyed',
    load: () => import('./threads-recreate.js'),
    pools: (sizes) => ({ count: Math.ceil(sizes.requests / sizes.chunk), size: chunkAtOnce(sizes) }), connections: chunkAtOnce, inFlight: chunkAtOnce,
  },
  {
    ...THREADS, name: 'threads-reuse', original: true, suite: true, sweptByDefault: true, color: '#ff7f0e',
    description: 'one pool of C worker threads; chunk by chunk, submit C requests and wait for all',
    load: () => import('./threads-reuse.js'),
    pools: (sizes) => ({ count: 1, size: chunkAtOnce(sizes) }), connections: chunkAtOnce, inFlight: chunkAtOnce,
  },
  {
    ...THREADS, name: 'threads-map', original: true, suite: true, sweptByDefault: false, color: '#8c564b',
    description: 'one pool of N worker threads; all N requests submitted at once',
    load: () => import('./threads-map.js'),
    pools: ({ requests }) => ({ count: 1, size: requests }), connections: all, inFlight: all,
  },
  {
    ...ALL_ON_THE_LOOP, name: 'async-for', original: true, suite: true, sweptByDefault: true, color: '#1f77b4',
    description: 'a for loop starts all N requests on the event loop (undici pool), then awaits them all',
    load: () => import('./async-for.js'),
  },
  {
    ...ALL_ON_THE_LOOP, name: 'async-map', original: true, suite: true, sweptByDefault: false, color: '#17becf',
    description: 'the same as async-for, the requests started through Array.prototype.map',
    load: () => import('./async-map.js'),
  },
  // The two thread designs Node engineers use (not in the original, which has only one request per thread).
  {
    ...THREADS, name: 'threads-async', original: false, suite: true, sweptByDefault: true, color: '#c51b7d',
    description:
      'one pool of W worker threads (--workers, default one per core), each running its share of the N requests concurrently on its own event loop and undici pool; C in flight in all, --connections in all, no barrier',
    load: () => import('./threads-async.js'),
    pools: (sizes) => ({ count: 1, size: asyncWorkers(sizes) }),
    // Each worker opens connections only for requests it runs, and runs at most its share of C.
    connections: (sizes) => Math.min(sizes.requests, sizes.chunk, sizes.connections),
    inFlight: all,
  },
  {
    ...THREADS, requestsOn: 'main thread', name: 'async-offload', original: false, suite: true, sweptByDefault: true, color: '#1b9e77',
    description:
      "requests on the event loop as async-for; each verified response's --work-ms work handed to a pool of W worker threads (--workers, default one per core) and awaited",
    load: () => import('./async-offload.js'),
    pools: ({ requests, workers }) => ({ count: 1, size: Math.min(workers, requests) }), connections: pooled, inFlight: all,
  },
  // Controls (not in the original): they separate "threads vs async" from "barrier vs free flow" and start-up from work.
  {
    ...CONTROL, name: 'async-chunk', color: '#9467bd',
    description: 'control: threads-reuse on the event loop; chunk by chunk over C connections, start C requests and wait for all',
    load: () => import('./async-chunk.js'),
  },
  {
    ...CONTROL, name: 'async-limit', color: '#2ca02c',
    description: 'control: a sliding window of C requests in flight over C connections, the next starts when one ends (no barrier)',
    load: () => import('./async-limit.js'),
  },
  {
    name: 'noop', kind: 'reference', side: 'none', requestsOn: 'none', original: false, suite: false, sweptByDefault: true, color: '#7f7f7f',
    description: "reference: start-up only, no request and no HTTP library loaded (use as hyperfine's --reference)",
    load: () => import('./noop.js'),
    pools: noPools, connections: () => 0, inFlight: () => 0,
  },
];

/** Accepts the original's spellings too: async_for == async-for. */
export function findStrategy(name: string): StrategyEntry | undefined {
  const normalized = name.trim().toLowerCase().replaceAll('_', '-');
  return STRATEGIES.find((entry) => entry.name === normalized);
}

/** Worker threads alive at once: pools run one after another, so the size of one. */
export function liveThreads(entry: StrategyEntry, requests: number, chunk: number, more: MoreSizes = {}): number {
  const { count, size } = entry.pools(runSizes(requests, chunk, more));
  return count > 0 ? size : 0;
}

/** Worker threads started in a whole run, summed over its pools (the suite's duration model). */
export function totalThreads(entry: StrategyEntry, requests: number, chunk: number, more: MoreSizes = {}): number {
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
