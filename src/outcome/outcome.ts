import type { LatencySummary } from './latency.js';

/** Bumped when a field of the --json outcome changes meaning (docs/schemas/outcome.schema.json). */
export const OUTCOME_SCHEMA_VERSION = 2;

/** One run of one strategy: what `--json` prints, in this order (docs/cli.md explains every field), and what the human summary is made from. */
export interface Outcome {
  schemaVersion: number;
  test: string;
  url: string;
  requests: number;
  chunk: number;
  succeeded: number;
  failed: number;
  errors: Record<string, number>;
  /** The strategy's own clock: from just before `prepare` (with --warm: after it) to its last verified answer; the final teardown is timed apart. */
  elapsedSeconds: number;
  startTime: string;
  endTime: string;
  /** Each pool's creation until fully ready, summed over pools created inside the clock: an upper bound on start-up's share, not that share. */
  threadStartupSeconds: number;
  teardownSeconds: number;
  warm: boolean;
  warmupSeconds: number;
  warmConnections: number;
  warmRequestsPerThread: number;
  warmRequests: number;
  workMs: number;
  workUnitsPerMs: number | null;
  workUnits: number;
  cpuSeconds: { process: number; mainThread: number | null };
  workCpuMsPerResponse: number | null;
  workThread: 'main' | 'worker' | 'both' | null;
  workerOptions: string | null;
  threads: number;
  pools: number;
  maxConcurrency: number;
  connections: number;
  connectionsOpened: number;
  /** From the hand-over: when a request is handed over is each strategy's own choice, so this compares admission policies, not speed. */
  latencyMs: LatencySummary;
  /** From the clock's start: what compares across strategies. */
  latencyFromStartMs: LatencySummary;
  peakRssBytes: number;
  node: string;
}

/** The work's measured CPU per verified response, and the side that spent it (a side spends none unless the work ran there). */
export function workWhere(cpu: { mainThread: number; workers: number } | null, responses: number): { perResponse: number | null; thread: Outcome['workThread'] } {
  if (cpu === null || responses === 0) return { perResponse: null, thread: null };
  const total = cpu.mainThread + cpu.workers;
  if (total <= 0) return { perResponse: null, thread: null };
  const onMain = cpu.mainThread > 0;
  const onWorkers = cpu.workers > 0;
  return {
    perResponse: Math.round((total / responses) * 1000) / 1000,
    thread: onMain && onWorkers ? 'both' : onMain ? 'main' : 'worker',
  };
}
