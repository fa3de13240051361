import os from 'node:os';
import { readTextOrNull } from '../common/read-text.js';
import { booleanFromEnvironment, UsageError } from '../common/usage.js';
import { DEFAULT_WORKER_OPTION_SET } from './worker-options.js';
import { openFileLimit } from './open-files.js';

/**
 * The one memory model of the thread strategies. Each worker thread is a V8 isolate: past
 * vm.max_map_count (65,530 by default) V8 aborts ("Committing semi space failed"), past the memory
 * the OOM killer ends the run; both look like a crash in hyperfine, so they are checked first.
 *
 * Measured for this build with the default worker options by `npm run bench:threads -- --output
 * docs/results/worker-options.json` on an idle 2-core machine (Node 24.22, x86-64), rounded up: the
 * busy probe's RSS and mappings per live thread, the client before its first thread, open files per
 * thread (its socket and its event loop's epoll, eventfd, io_uring). terraform/variables.tf's
 * worker_thread_mib and client_base_mib repeat the MiB figures (test/terraform/memory-model keeps them equal).
 */
export const THREAD_COST = { optionSet: DEFAULT_WORKER_OPTION_SET, mibPerThread: 17, mapsPerThread: 55, baseMiB: 71, baseMaps: 141, filesPerThread: 7, baseFiles: 64 } as const;

/**
 * Bun's workers (JavaScriptCore) and Deno's: busy MiB and mappings per live thread, measured beside
 * Node's by `npm run bench:runtime-threads -- --output docs/results/runtime-threads.json`; the rest is Node's.
 */
const OTHER_RUNTIMES: Record<string, { mibPerThread: number; mapsPerThread: number } | undefined> = {
  bun: { mibPerThread: 10, mapsPerThread: 5 },
  deno: { mibPerThread: 17, mapsPerThread: 54 },
};

/** A JavaScript runtime's kind ('node', 'bun', 'deno', ...): one without figures of its own gets Node's. */
export type ThreadRuntime = string;

/** The runtime running this process. */
function runtimeHere(): ThreadRuntime {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  return versions.bun ? 'bun' : versions.deno ? 'deno' : 'node';
}

/** What `benchmark check --json` prints, and what reports build their "did not fit" rows from. */
export type ThreadBudget = ReturnType<typeof assessThreadBudget>;

export class ThreadBudgetError extends Error {
  readonly budget: ThreadBudget;

  constructor(budget: ThreadBudget) {
    super(
      `${budget.strategy} would run ${budget.threads} worker threads at once; each is a V8 isolate ` +
        `(~${budget.mibPerThread} MiB, ~${budget.mapsPerThread} mappings). ${budget.problems.join(' ')} ${budget.advice}`,
    );
    this.budget = budget;
  }
}

/** undefined: not Linux, or no such limit. */
function readNumber(file: string): number | undefined {
  const value = Number(readTextOrNull(file)?.trim());
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function positiveFromEnvironment(name: string, integer: boolean): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = (integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw) ? Number(raw) : Number.NaN;
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got '${raw}'.`);
  }
  return value;
}

/** Memory this process may use: the lowest of what the host has available, the container's cgroup limit and BENCHMARK_MEMORY_LIMIT_MIB. */
function availableMiB(): number {
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(readTextOrNull('/proc/meminfo') ?? '')?.[1] ?? 0) * 1024 || os.freemem();
  const cgroup = readNumber('/sys/fs/cgroup/memory.max') ?? readNumber('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  const given = positiveFromEnvironment('BENCHMARK_MEMORY_LIMIT_MIB', false);
  return Math.floor(Math.min(available / 2 ** 20, (cgroup ?? Infinity) / 2 ** 20, given ?? Infinity));
}

const gib = (mib: number): string => `${(mib / 1024).toFixed(1)} GiB`;
const count = (n: number): string => n.toLocaleString('en');

/** Whether `threads` live worker threads of a client on `runtime` fit this machine, and if not why and what to do. Reads the limits now. */
export function assessThreadBudget(strategy: string, threads: number, runtime?: ThreadRuntime) {
  const override = positiveFromEnvironment('BENCHMARK_THREAD_MIB', false);
  // The memory model of threads under `runtime` (default: the one running this process).
  const { mibPerThread: measuredMiB, mapsPerThread } = OTHER_RUNTIMES[runtime ?? runtimeHere()] ?? THREAD_COST;
  const mibPerThread = override ?? measuredMiB;
  const { baseMiB, baseMaps, filesPerThread, baseFiles } = THREAD_COST;
  const cap = positiveFromEnvironment('BENCHMARK_MAX_THREADS', true) ?? null;
  const maxMapCount = readNumber('/proc/sys/vm/max_map_count') ?? null;
  const haveMiB = availableMiB();
  const needMiB = Math.ceil(baseMiB + mibPerThread * threads);
  const needMaps = baseMaps + mapsPerThread * threads;
  const maxOpenFiles = openFileLimit() ?? null;
  const needFiles = baseFiles + filesPerThread * threads;
  // The most worker threads that fit every limit here.
  const maxThreads = Math.max(
    0,
    Math.min(
      Math.floor((haveMiB - baseMiB) / mibPerThread),
      maxMapCount === null ? Infinity : Math.floor((maxMapCount - baseMaps) / mapsPerThread),
      maxOpenFiles === null ? Infinity : Math.floor((maxOpenFiles - baseFiles) / filesPerThread),
      cap ?? Infinity,
    ),
  );

  const problems: string[] = [];
  const advice: string[] = [];
  if (cap !== null && threads > cap) {
    problems.push(`That is more than the BENCHMARK_MAX_THREADS=${cap} this machine allows.`);
  }
  if (maxMapCount !== null && needMaps > maxMapCount) {
    problems.push(`It needs about ${count(needMaps)} memory mappings, above vm.max_map_count=${count(maxMapCount)}.`);
    advice.push(
      `Raise the limit as root: sysctl -w vm.max_map_count=${Math.max(262_144, 2 * needMaps)} (a host setting, also for containers).`,
    );
  }
  if (maxOpenFiles !== null && needFiles > maxOpenFiles) {
    problems.push(`It needs about ${count(needFiles)} open files (a socket and its event loop's per thread), above this process's limit of ${count(maxOpenFiles)}.`);
    advice.push('Raise the open-file limit (ulimit -n; for a container, docker run --ulimit nofile=N:N).');
  }
  if (needMiB > haveMiB) {
    problems.push(`It needs about ${gib(needMiB)} of memory, more than the ${gib(haveMiB)} available.`);
    advice.push('Use a machine (or container limit) with more memory.');
  }
  if (problems.length > 0) {
    advice.unshift(
      `At most ${count(maxThreads)} worker threads fit here: use fewer requests (threads-map starts one thread per request), a smaller chunk (threads-recreate and threads-reuse start one per chunk) or fewer --workers (threads-async, async-offload).`,
    );
    advice.push('Set BENCHMARK_SKIP_THREAD_CHECK=1 to try anyway.');
  }
  // BENCHMARK_THREAD_MIB: e.g. a figure calibrated on an EC2 host.
  const mibPerThreadSource = override === undefined ? 'measured for this build' : 'BENCHMARK_THREAD_MIB';
  // In the order `benchmark check --json` prints them.
  return {
    strategy, threads, fits: problems.length === 0, needMiB, needMaps, availableMiB: haveMiB, maxMapCount, cap, needFiles, maxOpenFiles, maxThreads, mibPerThread,
    mibPerThreadSource, mapsPerThread, baseMiB, baseMaps, problems, advice: advice.join(' '),
  };
}

/** Whether BENCHMARK_SKIP_THREAD_CHECK (1, true, yes, on) lets a thread strategy run whatever the budget says. */
export function threadCheckSkipped(): boolean {
  return booleanFromEnvironment('BENCHMARK_SKIP_THREAD_CHECK') === true;
}

/** Throws a ThreadBudgetError with the reasons and the way out when `threads` live threads cannot fit. */
export function checkThreadBudget(strategy: string, threads: number): void {
  if (threadCheckSkipped()) return;
  const budget = assessThreadBudget(strategy, threads);
  if (!budget.fits) throw new ThreadBudgetError(budget);
}
