import { Gauge } from '../strategies/gauge.js';
import type { StrategyEntry } from '../strategies/registry.js';
import type { PreparedStrategy, StrategyContext, StrategyOptions } from '../strategies/types.js';
import { Tally } from '../outcome/tally.js';
import { OUTCOME_SCHEMA_VERSION, workWhere, type Outcome } from '../outcome/outcome.js';

/** The strategy's options with --work-ms (ms on one idle core; 0: none) instead of units, calibrated here unless --work-units-per-ms gives the rate. */
export type RunSettings = Omit<StrategyOptions, 'workUnits'> & { workMs: number; workUnitsPerMs?: number };

/** CPU seconds of the process and of this (main) thread (null without threadCpuUsage); the process's first, which brings the thread's up to date (work.ts). */
function cpuNow(): { process: number; mainThread: number | null } {
  const all = process.cpuUsage();
  const main = process.threadCpuUsage?.();
  return { process: (all.user + all.system) / 1e6, mainThread: main ? (main.user + main.system) / 1e6 : null };
}

/**
 * Runs one strategy once over 0..N-1 and measures it. The clock covers the strategy only, its
 * preparation too unless --warm readies it first (warmupSeconds); it stops at the last verified
 * answer, and the teardown is timed apart (teardownSeconds).
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
  const latencyMs = summarizeLatency(tally.latencySamples());
  const latencyFromStartMs = summarizeLatency(tally.latencyFromSamples(start));
  // What the strategy performs: one per number, but the no-op reference's 0. One never answered (a worker died) is a failure too.
  const requests = usage.requests ?? settings.requests;
  const missing = requests - tally.recorded;
  const errors = Object.fromEntries(tally.errors);
  if (missing > 0) errors['no result recorded'] = missing;
  const workCpu = workUnits > 0 ? { mainThread: workCpuAfter.mainThread - workCpuBefore.mainThread, workers: workCpuAfter.workers - workCpuBefore.workers } : null;
  const work = workWhere(workCpu, tally.succeeded);
  const mainThreadCpu = cpuAfter.mainThread === null || cpuBefore.mainThread === null ? null : cpuAfter.mainThread - cpuBefore.mainThread;
  // The fields in the order --json prints them, a line per theme.
  return {
    schemaVersion: OUTCOME_SCHEMA_VERSION, test: entry.name, url: `${settings.origin}/multiply`, requests, chunk: settings.chunk,
    succeeded: tally.succeeded, failed: tally.failed + Math.max(0, missing), errors,
    elapsedSeconds, startTime: startTime.toISOString(), endTime: endTime.toISOString(), threadStartupSeconds, teardownSeconds,
    warm: settings.warm, warmupSeconds, warmConnections, warmRequestsPerThread: settings.warm ? settings.warmRequests : 0, warmRequests,
    workMs, workUnitsPerMs, workUnits, cpuSeconds: { process: cpuAfter.process - cpuBefore.process, mainThread: mainThreadCpu },
    workCpuMsPerResponse: work.perResponse, workThread: work.thread, workerOptions,
    threads: gauge.threadsStarted, pools: usage.pools, maxConcurrency: gauge.maxConcurrency, connections, connectionsOpened: gauge.connectionsOpened,
    latencyMs, latencyFromStartMs,
    // maxRSS is in kibibytes and covers every thread of the process.
    peakRssBytes: process.resourceUsage().maxRSS * 1024, node: process.version,
  };
}
