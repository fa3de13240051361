// Counters shared by the main thread and every worker thread through one SharedArrayBuffer, so the
// outcome reports what a strategy really did, counted where it happens: requests in flight (hand-over
// to answer, on the main thread), threads started, connections opened, warm-ups sent, --work-ms's CPU.
const IN_FLIGHT = 0;
const MAX_IN_FLIGHT = 1;
const THREADS_STARTED = 2;
const CONNECTIONS_OPENED = 3;
const WARMUP_REQUESTS = 4;
const COUNTERS = 6; // even, so the 64-bit cells after them are aligned
/** CPU microseconds of --work-ms's work, on the main thread and on worker threads (64-bit: hours of CPU fit). */
const WORK_CPU_MAIN = 0;
const WORK_CPU_WORKERS = 1;
const CPU_CELLS = 2;
const BYTES = COUNTERS * Int32Array.BYTES_PER_ELEMENT + CPU_CELLS * BigInt64Array.BYTES_PER_ELEMENT;

export class Gauge {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  private readonly cpu: BigInt64Array;

  constructor(buffer = new SharedArrayBuffer(BYTES)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer, 0, COUNTERS);
    this.cpu = new BigInt64Array(buffer, COUNTERS * Int32Array.BYTES_PER_ELEMENT, CPU_CELLS);
  }

  requestStarted(): void {
    const now = Atomics.add(this.cells, IN_FLIGHT, 1) + 1;
    let max = Atomics.load(this.cells, MAX_IN_FLIGHT);
    while (now > max) {
      const seen = Atomics.compareExchange(this.cells, MAX_IN_FLIGHT, max, now);
      if (seen === max) break;
      max = seen;
    }
  }

  requestEnded(): void {
    Atomics.sub(this.cells, IN_FLIGHT, 1);
  }

  /** `count` worker threads spawned (by the main thread, as it creates a pool: a thread its pool ends before it ran still counts). */
  threadsSpawned(count: number): void {
    Atomics.add(this.cells, THREADS_STARTED, count);
  }

  connectionOpened(): void {
    Atomics.add(this.cells, CONNECTIONS_OPENED, 1);
  }

  /** One warm-up request sent (before the clock), by whichever thread sent it. */
  warmupRequestSent(): void {
    Atomics.add(this.cells, WARMUP_REQUESTS, 1);
  }

  /** CPU time one call of the --work-ms work took on the thread that did it. */
  addWorkCpu(microseconds: number, onMainThread: boolean): void {
    Atomics.add(this.cpu, onMainThread ? WORK_CPU_MAIN : WORK_CPU_WORKERS, BigInt(Math.round(microseconds)));
  }

  get maxConcurrency(): number {
    return Atomics.load(this.cells, MAX_IN_FLIGHT);
  }

  get threadsStarted(): number {
    return Atomics.load(this.cells, THREADS_STARTED);
  }

  get connectionsOpened(): number {
    return Atomics.load(this.cells, CONNECTIONS_OPENED);
  }

  get warmupRequests(): number {
    return Atomics.load(this.cells, WARMUP_REQUESTS);
  }

  /** --work-ms's CPU so far, in milliseconds, on the main thread and on worker threads. */
  get workCpuMs(): { mainThread: number; workers: number } {
    return { mainThread: Number(Atomics.load(this.cpu, WORK_CPU_MAIN)) / 1000, workers: Number(Atomics.load(this.cpu, WORK_CPU_WORKERS)) / 1000 };
  }
}
