import type { LatencySummary } from './latency.js';
import type { Outcome } from './outcome.js';

function percentiles(latency: LatencySummary): string {
  return `p50 ${latency.p50}, p90 ${latency.p90}, p99 ${latency.p99}, max ${latency.max}`;
}

/** The original's lines (URL, start, elapsed, end), then what the original never checked. */
export function formatHuman(outcome: Outcome): string {
  const lines = [
    `URL: ${outcome.url}`,
    `Start time: ${new Date(outcome.startTime).toString()}`,
    `Elapsed time: ${outcome.elapsedSeconds.toFixed(6)} seconds`,
    `End time: ${new Date(outcome.endTime).toString()}`,
    `Verified: ${outcome.succeeded}/${outcome.requests} succeeded, ${outcome.failed} failed`,
    `Concurrency: max ${outcome.maxConcurrency} in flight, ${outcome.threads} worker threads in ${outcome.pools} pools, ` +
      `${outcome.connectionsOpened} connections opened (cap ${outcome.connections})`,
    // From the clock's start: compares across strategies. From the hand-over: when a strategy hands a request over is its own choice.
    `Latency ms (run start to verified answer, compares across strategies): ${percentiles(outcome.latencyFromStartMs)}`,
    `Latency ms (hand-over to verified answer, this strategy's own admission): ${percentiles(outcome.latencyMs)}`,
    `Peak RSS: ${(outcome.peakRssBytes / 1024 / 1024).toFixed(1)} MiB`,
  ];
  if (outcome.pools > 0) {
    lines.push(
      `Thread start-up: ${outcome.threadStartupSeconds.toFixed(6)} seconds from pool creation until the pool was fully ready (summed over pools): ` +
        'an upper bound on start-up\'s share of the elapsed time, since ready threads were already serving meanwhile',
    );
  }
  if (outcome.warm) {
    lines.push(
      `Warm-up before the clock: ${outcome.warmupSeconds.toFixed(6)} seconds, ${outcome.warmConnections} connections opened, ` +
        `${outcome.warmRequests} warm-up requests (${outcome.warmRequestsPerThread} per thread)`,
    );
  }
  lines.push(`Teardown after the clock: ${outcome.teardownSeconds.toFixed(6)} seconds (pools destroyed, connections closed; not in the elapsed time)`);
  if (outcome.workMs > 0) {
    const measured =
      outcome.workCpuMsPerResponse === null ? 'CPU not measured here' : `measured ${outcome.workCpuMsPerResponse} CPU ms per response on the ${outcome.workThread === 'main' ? 'main thread' : outcome.workThread === 'worker' ? 'worker threads' : 'main and worker threads'}`;
    lines.push(`Work per response: ${outcome.workMs} ms nominal (${outcome.workUnits} units at ${outcome.workUnitsPerMs?.toFixed(1)} units per CPU ms); ${measured}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatFailures(outcome: Outcome): string {
  const reasons = Object.entries(outcome.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} (${count})`)
    .join(', ');
  return `error: ${outcome.failed} of ${outcome.requests} requests to ${outcome.url} failed: ${reasons}\n`;
}
