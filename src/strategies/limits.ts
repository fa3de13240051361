import { UsageError } from '../common/cli-errors.js';
import type { StrategyEntry } from './registry.js';
import { openFileLimit } from './open-files.js';

/**
 * What one client process can hold, checked before anything starts, so that sizes beyond
 * it are a usage error stating the limit instead of "Invalid array length", an aborted V8
 * (exit 134) or a run of EMFILE failures.
 *
 * Heap per request, measured with this build (Node 24, x86-64; heap used after issuing N
 * requests to a server that never answers, divided by N), rounded up:
 * - every request, whatever the strategy: its number, its latency sample and its result
 *   object, kept until the end;
 * - every request in flight at once (all N for async-for, async-map and threads-map, C
 *   for the others): undici's request, its timeout signal and the promises around it on
 *   the event loop, or piscina's task and its promise for a thread pool.
 */
const HEAP_BYTES_PER_REQUEST = 160; // measured about 80
const HEAP_BYTES_IN_FLIGHT = { async: 4 * 1024, thread: 2 * 1024 } as const; // measured about 3,400 and 1,500
/** The client itself, and room for the collector to work in. */
const HEAP_BASE_BYTES = 16 * 2 ** 20;
const HEAP_USABLE_SHARE = 0.75;
/**
 * V8's heap_size_limit is the old generation (--max-old-space-size) plus the young one,
 * 192 MiB in Node 24 on x86-64; what a run keeps lives in the old generation.
 */
const YOUNG_GENERATION_BYTES = 192 * 2 ** 20;

/** Below this, any heap Node runs with holds the run: node:v8 is not even loaded (start-up is timed). */
const ALWAYS_FITS_BYTES = 8 * 2 ** 20;

/** Bytes of the V8 heap that a run's bookkeeping may fill. */
async function usableHeapBytes(): Promise<number> {
  const { default: v8 } = await import('node:v8');
  const limit = v8.getHeapStatistics().heap_size_limit;
  return Math.max(limit - YOUNG_GENERATION_BYTES, limit / 4) * HEAP_USABLE_SHARE - HEAP_BASE_BYTES;
}

/** One client address holds at most one connection per local port to the server's one port. */
export const MAX_CONNECTIONS = 65_535;
/** Files the process needs besides its sockets. */
const RESERVED_FILES = 64;

const mib = (bytes: number): string =>
  bytes >= 10 * 2 ** 30 ? `${Math.round(bytes / 2 ** 30).toLocaleString('en')} GiB` : `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;

/** Throws a UsageError naming the flag and the limit when this process cannot hold the run asked for. */
export async function checkClientLimits(entry: StrategyEntry, requests: number, chunk: number, connections: number): Promise<void> {
  const inFlight = entry.inFlight(requests, chunk);
  const inFlightBytes = entry.kind === 'thread' ? HEAP_BYTES_IN_FLIGHT.thread : HEAP_BYTES_IN_FLIGHT.async;
  const needed = requests * HEAP_BYTES_PER_REQUEST + inFlight * inFlightBytes;
  const heap = needed > ALWAYS_FITS_BYTES ? await usableHeapBytes() : Infinity;
  if (needed > heap) {
    // Solve for N: all N in flight, or a window of C whatever N is.
    const allAtOnce = inFlight === requests;
    const perRequest = HEAP_BYTES_PER_REQUEST + (allAtOnce ? inFlightBytes : 0);
    const fixed = allAtOnce ? 0 : inFlight * inFlightBytes;
    const most = Math.max(0, Math.floor((heap - fixed) / perRequest));
    const what = allAtOnce ? `${entry.name} keeps all N requests in flight at once` : `${entry.name} keeps ${inFlight} requests in flight and every result`;
    throw new UsageError(
      `REQUESTS ${requests} is more than this client can hold: ${what} (about ${mib(needed)} of heap), ` +
        `and its V8 heap allows ${mib(heap)}; at most ${most.toLocaleString('en')} requests fit ` +
        `(or raise the heap: NODE_OPTIONS=--max-old-space-size=<MiB>).`,
    );
  }
  // The thread strategies' sockets and event loops are the thread budget's to count (exit 1 with advice).
  if (entry.kind === 'thread') return;
  const open = entry.connections(requests, chunk, connections);
  const files = openFileLimit();
  if (files !== undefined && open > files - RESERVED_FILES) {
    const flag = entry.kind === 'async' ? '--connections' : '-c';
    throw new UsageError(
      `${flag} asks ${entry.name} to hold ${open} connections, more than this process may open: ` +
        `at most ${files - RESERVED_FILES} (open-file limit ${files}; raise it with ulimit -n).`,
    );
  }
}
