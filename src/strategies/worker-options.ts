import { SHARE_ENV, type ResourceLimits } from 'node:worker_threads';
import v8 from 'node:v8';
import type { Piscina } from 'piscina';
import { UsageError } from '../common/usage.js';

/**
 * Every option the thread strategies' worker threads are created with. A worker is a V8 isolate whose
 * cost (RSS, mappings, start time) depends on them: `npm run bench:threads` measures each set side by
 * side, thread-budget.ts holds the default's cost, and BENCHMARK_WORKER_OPTIONS picks another set (for
 * that bench only). Not here, since piscina does not pass them on: stdio (each worker's stays piped to
 * the main thread's, which costs nothing until used).
 */
export interface WorkerOptionSet {
  description: string;
  /** V8 heap and stack limits of each worker (Worker's resourceLimits). */
  resourceLimits?: ResourceLimits;
  /** V8 flags are per process: set once, before the first pool, for every worker started afterwards. */
  v8Flags?: string[];
  /** Share the main thread's environment (env: SHARE_ENV) instead of copying it into each worker. */
  shareEnv?: boolean;
}

const LEAN = { resourceLimits: { maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 1 }, v8Flags: ['--no-short-builtin-calls'], shareEnv: true };

export const WORKER_OPTION_SETS = {
  'node-defaults': { description: "Node's defaults (what the thread strategies used before these options existed)" },
  'young-1': {
    description: 'young generation capped at 1 MiB (the default reserves and touches several semi-space pages)',
    resourceLimits: { maxYoungGenerationSizeMb: 1 },
  },
  'young-1-code-1': {
    description:
      'young generation 1 MiB, code range 1 MiB (the default reserves 512 MiB of address space per isolate); ' +
      "with V8's short builtin calls on, a worker that resolves a host name runs out of code space and aborts the process",
    resourceLimits: { maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 1 },
  },
  'young-1-stack-1': { description: 'young generation 1 MiB, stack 1 MiB (default 4)', resourceLimits: { maxYoungGenerationSizeMb: 1, stackSizeMb: 1 } },
  lean: {
    description:
      'young generation 1 MiB, code range 1 MiB, shared environment, and V8 --no-short-builtin-calls ' +
      '(no per-isolate copy of the builtins mapped into each code range: one mapping and ~2 MiB RSS less per thread)',
    ...LEAN,
  },
  'lean-old-32': {
    description: 'lean, and the old generation capped at 32 MiB (more frequent full GCs in each worker)',
    ...LEAN,
    resourceLimits: { ...LEAN.resourceLimits, maxOldGenerationSizeMb: 32 },
  },
} as const satisfies Record<string, WorkerOptionSet>;

export type WorkerOptionSetName = keyof typeof WORKER_OPTION_SETS;

/**
 * The cheapest usable set that slows no thread strategy by more than 5% against Node's defaults on an
 * idle machine (npm run bench:threads; docs/results/worker-options.json: `cheapestWithin5Percent`).
 * Usable: every thread strategy completes against a server named by host name, as in the containers
 * and on EC2 (young-1-code-1 does not). `lean` costs less memory but slows them by more than 5%.
 */
export const DEFAULT_WORKER_OPTION_SET: WorkerOptionSetName = 'young-1';

export const WORKER_OPTIONS_VARIABLE = 'BENCHMARK_WORKER_OPTIONS';

export function isWorkerOptionSetName(name: string): name is WorkerOptionSetName {
  return Object.hasOwn(WORKER_OPTION_SETS, name);
}

/** The set in force: DEFAULT_WORKER_OPTION_SET, or the bench's choice through BENCHMARK_WORKER_OPTIONS. */
export function selectedWorkerOptionSet(env: NodeJS.ProcessEnv = process.env): WorkerOptionSetName {
  const chosen = env[WORKER_OPTIONS_VARIABLE]?.trim();
  if (!chosen) return DEFAULT_WORKER_OPTION_SET;
  if (!isWorkerOptionSetName(chosen)) {
    throw new UsageError(`${WORKER_OPTIONS_VARIABLE} must be one of ${Object.keys(WORKER_OPTION_SETS).join(', ')}, got '${chosen}'.`);
  }
  return chosen;
}

let flagsSet = false;

type PiscinaOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>;

/** How many tasks each worker runs at once (default 1: one request at a time), and who picks the worker for a task. */
export type TaskOptions = Pick<PiscinaOptions, 'concurrentTasksPerWorker' | 'loadBalancer'>;

/**
 * Piscina's options for exactly `size` threads running `filename`, all started up front, one task at
 * a time each unless `tasks` says otherwise. atomics 'disabled': piscina's default parks idle workers
 * in Atomics.wait, stalling their async I/O. An idle timeout longer than any run: the default would
 * churn threads mid-run. recordTiming off: its histograms are main-thread work nothing reads.
 */
export function threadPoolOptions(
  size: number,
  filename: string,
  workerData: unknown,
  setName: WorkerOptionSetName = selectedWorkerOptionSet(),
  tasks: TaskOptions = {},
): PiscinaOptions {
  const set: WorkerOptionSet = WORKER_OPTION_SETS[setName];
  if (!flagsSet && set.v8Flags) {
    for (const flag of set.v8Flags) v8.setFlagsFromString(flag);
    flagsSet = true;
  }
  return {
    filename,
    minThreads: size,
    maxThreads: size,
    concurrentTasksPerWorker: tasks.concurrentTasksPerWorker ?? 1,
    ...(tasks.loadBalancer ? { loadBalancer: tasks.loadBalancer } : {}),
    atomics: 'disabled',
    idleTimeout: 60 * 60 * 1000,
    recordTiming: false,
    workerData,
    ...(set.resourceLimits ? { resourceLimits: { ...set.resourceLimits } } : {}),
    ...(set.shareEnv ? { env: SHARE_ENV } : {}),
  };
}
