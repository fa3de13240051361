import { readFileSync } from 'node:fs';
import os from 'node:os';
import { UsageError } from '../common/cli-errors.js';

/**
 * Each worker thread is a whole V8 isolate. Measured here (Node 24, x86-64, this
 * project's worker): about 17 MiB of resident memory and 70 memory mappings per live
 * thread; threads-map with 1000 threads peaked at 17 GiB and 71,000 mappings. Past the
 * kernel's vm.max_map_count (65,530 by default) V8 aborts with "Committing semi space
 * failed"; past the memory, the OOM killer ends the run. Both would look like a crash in
 * hyperfine, so they are checked before any thread starts, with advice instead.
 */
export const MIB_PER_THREAD = 17;
export const MAPS_PER_THREAD = 70;
const BASE_MAPS = 1_000;
const BASE_MIB = 150;

export class ThreadBudgetError extends Error {}

function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined; // not Linux, or no such limit
  }
}

/** Memory this process may use: the container's cgroup limit when lower than what the host has free. */
function availableMiB(): number {
  const meminfo = (() => {
    try {
      return readFileSync('/proc/meminfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(meminfo)?.[1] ?? 0) * 1024 || os.freemem();
  const cgroup = readNumber('/sys/fs/cgroup/memory.max') ?? readNumber('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  return Math.min(available, cgroup ?? Infinity) / 2 ** 20;
}

/** Throws a ThreadBudgetError naming the limit and the way out when `threads` live threads cannot fit. */
export function checkThreadBudget(strategy: string, threads: number): void {
  if (process.env.BENCHMARK_SKIP_THREAD_CHECK === '1') return;
  const needMaps = BASE_MAPS + MAPS_PER_THREAD * threads;
  const needMiB = BASE_MIB + MIB_PER_THREAD * threads;
  const maxMaps = readNumber('/proc/sys/vm/max_map_count');
  const haveMiB = availableMiB();
  const problems: string[] = [];
  const rawCap = process.env.BENCHMARK_MAX_THREADS?.trim();
  if (rawCap) {
    const cap = /^\d+$/.test(rawCap) ? Number(rawCap) : Number.NaN;
    if (!Number.isSafeInteger(cap) || cap < 1) throw new UsageError(`BENCHMARK_MAX_THREADS must be a positive integer, got '${rawCap}'.`);
    if (threads > cap) problems.push(`more than the BENCHMARK_MAX_THREADS=${cap} this machine allows`);
  }
  if (maxMaps !== undefined && needMaps > maxMaps) {
    problems.push(
      `about ${needMaps.toLocaleString('en')} memory mappings, above vm.max_map_count=${maxMaps} ` +
        `(raise it as root: sysctl -w vm.max_map_count=${Math.max(262_144, 2 * needMaps)}; it is a host setting, also for containers)`,
    );
  }
  if (needMiB > haveMiB) {
    problems.push(`about ${(needMiB / 1024).toFixed(1)} GiB of memory, more than the ${(haveMiB / 1024).toFixed(1)} GiB available (use a larger machine)`);
  }
  if (problems.length === 0) return;
  throw new ThreadBudgetError(
    `${strategy} would run ${threads} worker threads at once; each is a V8 isolate ` +
      `(~${MIB_PER_THREAD} MiB, ~${MAPS_PER_THREAD} mappings). That needs ${problems.join('; and ')}. ` +
      `Or use fewer requests/a smaller chunk. Set BENCHMARK_SKIP_THREAD_CHECK=1 to try anyway.`,
  );
}
