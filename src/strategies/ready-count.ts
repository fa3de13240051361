// ES2024's Atomics.waitAsync (Node >= 16); the project's TypeScript lib is ES2023.
type WaitAsync = (cells: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: unknown };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** How many threads of one pool are ready (module loaded; with --warm, warm), shared through one SharedArrayBuffer; the main thread waits on it without polling. */
export class ReadyCount {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer);
  }

  /** Called by a worker thread when it is ready. */
  markReady(): void {
    Atomics.add(this.cell, 0, 1);
    Atomics.notify(this.cell, 0);
  }

  /** Wakes a waiting `until` so it re-checks whether to give up. */
  wake(): void {
    Atomics.notify(this.cell, 0);
  }

  /** Resolves true when `count` threads are ready, false as soon as `stopped()` says to give up. */
  async until(count: number, stopped: () => boolean): Promise<boolean> {
    for (;;) {
      const seen = Atomics.load(this.cell, 0);
      if (seen >= count) return true;
      if (stopped()) return false;
      // Woken by markReady or wake; the timeout is a safety net only.
      const wait = waitAsync(this.cell, 0, seen, 1000);
      if (wait.async) await wait.value;
    }
  }
}
