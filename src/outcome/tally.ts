import type { RequestResult } from '../strategies/request.js';

/**
 * Collects every request's result during the timed run. Latencies go into a plain
 * typed array; the histogram is built after the clock stops, so its cost is not timed.
 */
export class Tally {
  succeeded = 0;
  failed = 0;
  readonly errors = new Map<string, number>();
  private latencies: Float64Array;
  private count = 0;

  constructor(expected: number) {
    this.latencies = new Float64Array(Math.max(1, expected));
  }

  readonly record = (result: RequestResult): void => {
    if (result.ok) {
      this.succeeded += 1;
    } else {
      this.failed += 1;
      const reason = result.error ?? 'unknown error';
      this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1);
    }
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = result.latencyMs;
  };

  get recorded(): number {
    return this.count;
  }

  latencySamples(): Float64Array {
    return this.latencies.subarray(0, this.count);
  }
}
