import { Gauge } from '../strategies/gauge.js';
import type { StrategyEntry } from '../strategies/registry.js';
import type { StrategyOptions } from '../strategies/types.js';
import { Tally } from '../outcome/tally.js';
import { buildOutcome, type Outcome } from '../outcome/outcome.js';

/** Runs one strategy once over 0..N-1 and measures it: the clock covers the strategy only. */
export async function runStrategy(entry: StrategyEntry, options: StrategyOptions): Promise<Outcome> {
  const strategy = await entry.load();
  const numbers = Array.from({ length: options.requests }, (_, i) => i);
  const gauge = new Gauge();
  const tally = new Tally(options.requests);

  const startTime = new Date();
  const start = performance.now();
  const poolSizes = entry.poolSizes(options.requests, options.chunk);
  const usage = await strategy.run({ strategy: entry.name, poolSizes, options, numbers, gauge, record: tally.record });
  const elapsedSeconds = (performance.now() - start) / 1000;
  const endTime = new Date();

  // Loaded after the clock stops: the histogram library is not part of what is measured.
  const { summarizeLatency } = await import('../outcome/latency.js');
  return buildOutcome({
    test: entry.name,
    url: `${options.origin}/multiply`,
    options,
    usage,
    tally,
    gauge,
    latency: summarizeLatency(tally.latencySamples()),
    elapsedSeconds,
    startTime,
    endTime,
  });
}
