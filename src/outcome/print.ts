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
    `Latency ms: p50 ${outcome.latencyMs.p50}, p90 ${outcome.latencyMs.p90}, p99 ${outcome.latencyMs.p99}, max ${outcome.latencyMs.max}`,
    `Peak RSS: ${(outcome.peakRssBytes / 1024 / 1024).toFixed(1)} MiB`,
  ];
  return `${lines.join('\n')}\n`;
}

export function formatFailures(outcome: Outcome): string {
  const reasons = Object.entries(outcome.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} (${count})`)
    .join(', ');
  return `error: ${outcome.failed} of ${outcome.requests} requests to ${outcome.url} failed: ${reasons}\n`;
}
