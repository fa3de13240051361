import type { RequestResult } from '../strategies/request.js';

/** Every request's result during the timed run; latencies in plain typed arrays, their percentiles computed after the clock. */
export class Tally {
  succeeded = 0;
  failed = 0;
  readonly errors = new Map<string, number>();
  private latencies: Float64Array;
  private answeredAt: Float64Array;
  private count = 0;

  constructor(expected: number) {
    this.latencies = new Float64Array(Math.max(1, expected));
    this.answeredAt = new Float64Array(Math.max(1, expected));
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
      this.latencies = grown(this.latencies);
      this.answeredAt = grown(this.answeredAt);
    }
    this.latencies[this.count] = result.latencyMs;
    this.answeredAt[this.count] = result.answeredAt;
    this.count += 1;
  };

  get recorded(): number {
    return this.count;
  }

  /** Each request's latency from its hand-over, ms. */
  latencySamples(): Float64Array {
    return this.latencies.subarray(0, this.count);
  }

  /** Each request's latency from `start` (performance.now(), the clock's start) to its answer, ms. */
  latencyFromSamples(start: number): Float64Array {
    return this.answeredAt.slice(0, this.count).map((at) => at - start);
  }
}

function grown(samples: Float64Array): Float64Array {
  const larger = new Float64Array(samples.length * 2);
  larger.set(samples);
  return larger;
}
