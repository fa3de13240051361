/**
 * threads-async splits its totals (C at once, the connections) across its W workers exactly: the
 * shares add up to the total, not to W * ceil(total / W). Each worker claims an index through one
 * shared counter and writes its threadId beside it, so the main thread's balancer knows its share.
 */
export function shareOf(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

export class WorkerSlots {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  /** Cell 0 counts the claims; cell 1 + i holds the threadId of worker i (0 until claimed: a worker's threadId is never 0). */
  constructor(workers: number, buffer = new SharedArrayBuffer((1 + workers) * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  /** Called once by each worker thread: its index, 0..W-1. */
  claim(threadId: number): number {
    const index = Atomics.add(this.cells, 0, 1);
    Atomics.store(this.cells, 1 + index, threadId);
    return index;
  }

  /** The index the worker with this threadId claimed; undefined before it has. */
  indexOf(threadId: number): number | undefined {
    for (let i = 1; i < this.cells.length; i++) if (Atomics.load(this.cells, i) === threadId) return i - 1;
    return undefined;
  }
}
