import type { Outcome } from './outcome.js';

function localTime(iso: string): string {
  return new Date(iso).toString();
}

/** The original's lines (URL, start, elapsed, end), then what the original never checked. */
export function formatHuman(outcome: Outcome): string {
  const lines = [
    `URL: ${outcome.url}`,
    `Start time: ${localTime(outcome.startTime)}`,
    `Elapsed time: ${outcome.elapsedSeconds.toFixed(6)} seconds`,
    `End time: ${localTime(outcome.endTime)}`,
    `Verified: ${outcome.succeeded}/${outcome.requests} succeeded, ${outcome.failed} failed`,
    `Concurrency: max ${outcome.maxConcurrency} in flight, ${outcome.threads} worker threads in ${outcome.pools} pools, ` +
      `${outcome.connectionsOpened} connections opened (cap ${outcome.connections})`,
    // From handing the request over (to the event loop or the thread pool) to its verified answer on the main thread.
    `Latency ms (hand-over to verified answer): p50 ${outcome.latencyMs.p50}, p90 ${outcome.latencyMs.p90}, p99 ${outcome.latencyMs.p99}, max ${outcome.latencyMs.max}`,
    `Peak RSS: ${(outcome.peakRssBytes / 1024 / 1024).toFixed(1)} MiB`,
  ];
  if (outcome.threads > 0) lines.push(`Thread start-up: ${outcome.threadStartupSeconds.toFixed(6)} seconds of the elapsed time (pool created until all its threads ready, summed over pools)`);
  if (outcome.warm) lines.push(`Warm-up before the clock: ${outcome.warmupSeconds.toFixed(6)} seconds, ${outcome.warmConnections} connections opened`);
  if (outcome.workMs > 0) lines.push(`Work per response: ${outcome.workMs} ms (${outcome.workUnits} units at ${outcome.workUnitsPerMs?.toFixed(1)} units per CPU ms)`);
  return `${lines.join('\n')}\n`;
}

export function formatFailures(outcome: Outcome): string {
  const reasons = Object.entries(outcome.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} (${count})`)
    .join(', ');
  return `error: ${outcome.failed} of ${outcome.requests} requests to ${outcome.url} failed: ${reasons}\n`;
}
