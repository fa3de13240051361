/**
 * Counters shared by the main thread and every worker thread through one
 * SharedArrayBuffer, so the outcome reports the concurrency a strategy really used
 * (not the one it asked for): requests in flight from their hand-over on the main thread
 * to their answer there, threads started and connections opened, counted where they happen.
 */
const IN_FLIGHT = 0;
const MAX_IN_FLIGHT = 1;
const THREADS_STARTED = 2;
const CONNECTIONS_OPENED = 3;
const CELLS = 4;

export class Gauge {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
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

  threadStarted(): void {
    Atomics.add(this.cells, THREADS_STARTED, 1);
  }

  connectionOpened(): void {
    Atomics.add(this.cells, CONNECTIONS_OPENED, 1);
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
}
