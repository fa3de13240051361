import { UsageError } from '../common/usage.js';
import { liveThreads, type RunSizes, type StrategyEntry } from './registry.js';
import { openFileLimit } from './open-files.js';

// What one client process can hold, checked before anything starts: beyond it a usage error states
// the limit, instead of "Invalid array length", an aborted V8 (exit 134) or EMFILE failures. The
// flags' ranges are here too, one place for the client's parser, the suite and the docs.

/** -r and -c: beyond this the requests' bookkeeping alone (16 GB) exceeds any heap; below it the heap check decides. */
export const MAX_REQUESTS = 100_000_000;
/** One client address holds at most one connection per local port to the server's one port. */
export const MAX_CONNECTIONS = 65_535;
/** --timeout: the longest timer (2^31 - 1 ms, about 24.8 days); Node turns a longer one into 1 ms. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** --workers: a pool of threads-async or async-offload. Beyond cores it only adds isolates. */
export const MAX_WORKERS = 1024;
/** --warm-requests per thread; every one is a real request before the clock. */
export const MAX_WARM_REQUESTS = 100_000;
/**
 * --warm-requests by default: where a worker thread's CPU per request stops falling (bench/warm-requests.ts,
 * docs/methodology.md#warm-means-steady-state): after K warm-ups about 2.7-4x the steady figure at K = 100,
 * 1.5-2x at 1000, within about 10% from 2000 on, for threads-reuse's and threads-async's workers alike.
 */
export const DEFAULT_WARM_REQUESTS = 2000;

/**
 * Heap per request, measured with this build (Node 24, x86-64: heap used after issuing N requests to a
 * server that never answers, over N), rounded up: every request keeps its number, latency samples and
 * result; every request in flight (the registry's inFlight) holds undici's request, its timeout signal
 * and promises on the event loop, or piscina's task and its promise.
 */
const HEAP_BYTES_PER_REQUEST = 160; // measured about 80
const HEAP_BYTES_IN_FLIGHT = { mainThread: 4 * 1024, handedToThreads: 2 * 1024 } as const; // measured about 3,400 and 1,500
/** The client itself, and room for the collector to work in. */
const HEAP_BASE_BYTES = 16 * 2 ** 20;
const HEAP_USABLE_SHARE = 0.75;
/** V8's heap_size_limit is the old generation (--max-old-space-size, where a run's data lives) plus the young one: 192 MiB in Node 24 on x86-64. */
const YOUNG_GENERATION_BYTES = 192 * 2 ** 20;

/** Below this, any heap Node runs with holds the run: node:v8 is not even loaded (start-up is timed). */
const ALWAYS_FITS_BYTES = 8 * 2 ** 20;

/** Bytes of the V8 heap that a run's bookkeeping may fill. */
async function usableHeapBytes(): Promise<number> {
  const { default: v8 } = await import('node:v8');
  const limit = v8.getHeapStatistics().heap_size_limit;
  return Math.max(limit - YOUNG_GENERATION_BYTES, limit / 4) * HEAP_USABLE_SHARE - HEAP_BASE_BYTES;
}

/** Files the process needs besides its sockets. */
const RESERVED_FILES = 64;

const mib = (bytes: number): string =>
  bytes >= 10 * 2 ** 30 ? `${Math.round(bytes / 2 ** 30).toLocaleString('en')} GiB` : `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;

/** Throws a UsageError naming the flag and the limit when this process cannot hold the run asked for. */
export async function checkClientLimits(entry: StrategyEntry, sizes: RunSizes): Promise<void> {
  const { requests } = sizes;
  const inFlight = entry.inFlight(sizes);
  // Heap bytes per request in flight: undici's on the main thread, piscina's task when handed to threads (both for async-offload).
  const { mainThread, handedToThreads } = HEAP_BYTES_IN_FLIGHT;
  const perInFlight = entry.requestsOn === 'worker threads' ? handedToThreads : mainThread + (entry.pools(sizes).count > 0 ? handedToThreads : 0);
  const needed = requests * HEAP_BYTES_PER_REQUEST + inFlight * perInFlight;
  const heap = needed > ALWAYS_FITS_BYTES ? await usableHeapBytes() : Infinity;
  if (needed > heap) {
    // Solve for N: all N in flight, or a window of C whatever N is.
    const allAtOnce = inFlight === requests;
    const perRequest = HEAP_BYTES_PER_REQUEST + (allAtOnce ? perInFlight : 0);
    const fixed = allAtOnce ? 0 : inFlight * perInFlight;
    const most = Math.max(0, Math.floor((heap - fixed) / perRequest));
    const what = allAtOnce ? `${entry.name} keeps all N requests in flight at once` : `${entry.name} keeps ${inFlight} requests in flight and every result`;
    throw new UsageError(
      `REQUESTS ${requests} is more than this client can hold: ${what} (about ${mib(needed)} of heap), ` +
        `and its V8 heap allows ${mib(heap)}; at most ${most.toLocaleString('en')} requests fit ` +
        `(or raise the heap: NODE_OPTIONS=--max-old-space-size=<MiB>).`,
    );
  }
  // Sockets that each belong to a worker thread of their own are the thread budget's to count
  // (exit 1 with advice); any others (the event loop's, or several per thread) are counted here.
  const open = entry.connections(sizes);
  if (open <= liveThreads(entry, sizes.requests, sizes.chunk, sizes)) return;
  const files = openFileLimit();
  if (files !== undefined && open > files - RESERVED_FILES) {
    // The flag that binds: raising --connections would raise the sockets, or else -c caps them.
    const flag = entry.connections({ ...sizes, connections: MAX_CONNECTIONS }) > open ? '--connections' : '-c';
    throw new UsageError(
      `${flag} asks ${entry.name} to hold ${open} connections, more than this process may open: ` +
        `at most ${files - RESERVED_FILES} (open-file limit ${files}; raise it with ulimit -n).`,
    );
  }
}
