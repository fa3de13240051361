import { Gauge } from '../strategies/gauge.js';
import type { StrategyEntry } from '../strategies/registry.js';
import type { PreparedStrategy, StrategyContext, StrategyOptions } from '../strategies/types.js';
import { Tally } from '../outcome/tally.js';
import { buildOutcome, type Outcome } from '../outcome/outcome.js';

/** The run's flags: the strategy's options, with the CPU work in ms (its units are calibrated here unless given). */
export type RunSettings = Omit<StrategyOptions, 'workUnits'> & {
  /** CPU work per verified response, in ms on one idle core; 0: none. */
  workMs: number;
  /** The calibration to use instead of measuring one (--work-units-per-ms): a sweep's, shared by every invocation. */
  workUnitsPerMs?: number;
};

/**
 * CPU time of the whole process and of this (main) thread, in seconds; mainThread null where
 * Node lacks threadCpuUsage. The process's figure is read first: it brings this thread's own
 * account up to date (work.ts says why), so the thread's is exact too.
 */
function cpuNow(): { process: number; mainThread: number | null } {
  const all = process.cpuUsage();
  const main = process.threadCpuUsage?.();
  return { process: (all.user + all.system) / 1e6, mainThread: main ? (main.user + main.system) / 1e6 : null };
}

/**
 * Runs one strategy once over 0..N-1 and measures it. The clock covers the strategy only:
 * its preparation too, except with --warm, where the strategy gets ready and warm first
 * (warmupSeconds) and the clock starts when it can send. It stops at the last verified
 * answer; the teardown that follows is timed apart (teardownSeconds).
 */
export async function runStrategy(entry: StrategyEntry, settings: RunSettings): Promise<Outcome> {
  const strategy = await entry.load();
  const sizes = { requests: settings.requests, chunk: settings.chunk, connections: settings.connections, workers: settings.workers };
  const pools = entry.pools(sizes);
  // Checked before anything starts: a bad BENCHMARK_WORKER_OPTIONS is a usage error.
  const workerOptions = pools.count > 0 ? (await import('../strategies/worker-options.js')).selectedWorkerOptionSet() : null;

  // --work-ms: calibrated once, before the clock (unless given); without it nothing is loaded or measured.
  let workUnitsPerMs: number | null = null;
  let workUnits = 0;
  if (settings.workMs > 0) {
    const work = await import('../strategies/work.js');
    workUnitsPerMs = settings.workUnitsPerMs ?? work.calibrateWork();
    workUnits = work.unitsFor(settings.workMs, workUnitsPerMs);
  }

  const { workMs, workUnitsPerMs: _given, ...rest } = settings;
  const options: StrategyOptions = { ...rest, workUnits };
  const gauge = new Gauge();
  const tally = new Tally(settings.requests);
  let threadStartupSeconds = 0;
  const connections = entry.connections(sizes);
  const context: StrategyContext = {
    strategy: entry.name,
    pools,
    connections,
    options,
    numbers: Array.from({ length: settings.requests }, (_, i) => i),
    gauge,
    record: tally.record,
    addThreadStartup: (seconds) => {
      threadStartupSeconds += seconds;
    },
  };

  let prepared: PreparedStrategy | undefined;
  let warmupSeconds = 0;
  let warmConnections = 0;
  let warmRequests = 0;
  if (settings.warm) {
    const warmStart = performance.now();
    prepared = await strategy.prepare(context);
    warmupSeconds = (performance.now() - warmStart) / 1000;
    warmConnections = gauge.connectionsOpened;
    warmRequests = gauge.warmupRequests;
  }

  // The warm-up's work is not the run's.
  const workCpuBefore = gauge.workCpuMs;
  const cpuBefore = cpuNow();
  const startTime = new Date();
  const start = performance.now();
  prepared ??= await strategy.prepare(context);
  const usage = await prepared.run();
  const elapsedSeconds = (performance.now() - start) / 1000;
  const endTime = new Date();
  const cpuAfter = cpuNow();
  const workCpuAfter = gauge.workCpuMs;

  const teardownStart = performance.now();
  await prepared.teardown();
  const teardownSeconds = (performance.now() - teardownStart) / 1000;

  // Loaded after the clock stops: summarising is not part of what is measured.
  const { summarizeLatency } = await import('../outcome/latency.js');
  return buildOutcome({
    test: entry.name,
    url: `${settings.origin}/multiply`,
    options: { ...options, workMs },
    connections,
    usage,
    tally,
    gauge,
    latency: summarizeLatency(tally.latencySamples()),
    latencyFromStart: summarizeLatency(tally.latencyFromSamples(start)),
    measures: {
      elapsedSeconds,
      startTime,
      endTime,
      threadStartupSeconds,
      teardownSeconds,
      warmupSeconds,
      warmConnections,
      warmRequests,
      workUnitsPerMs,
      workUnits,
      cpuSeconds: {
        process: cpuAfter.process - cpuBefore.process,
        mainThread: cpuAfter.mainThread === null || cpuBefore.mainThread === null ? null : cpuAfter.mainThread - cpuBefore.mainThread,
      },
      workCpuMs:
        workUnits > 0
          ? { mainThread: workCpuAfter.mainThread - workCpuBefore.mainThread, workers: workCpuAfter.workers - workCpuBefore.workers }
          : null,
      workerOptions,
    },
  });
}
