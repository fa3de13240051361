import type { Socket } from 'node:net';

/** Bytes held for one direction (queued, and in the receiving socket) above which the sender is paused, so nothing fills memory; it resumes below half. */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const END = Symbol('end');

interface Pending { due: number; data: Buffer | typeof END }

/**
 * One direction of a connection: every chunk written to `to` in order, never before its due time. One
 * timer per direction; one that fires early (1 ms resolution, the loop's cached clock) is re-armed.
 */
export class DelayLine {
  private readonly queue: Pending[] = [];
  private head = 0;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly from: Socket;
  private readonly to: Socket;

  /** Bytes read from `from` are written to `to`; `from` is paused while too much is held. */
  constructor(from: Socket, to: Socket) {
    this.from = from;
    this.to = to;
    // The receiver took its buffered bytes: reading from the sender may go on.
    to.on('drain', this.release);
  }

  /** Bytes this direction holds: queued until due, plus written but not yet taken by the receiver's kernel. */
  get heldBytes(): number {
    return this.queuedBytes + this.to.writableLength;
  }

  push(data: Buffer, due: number): void {
    if (this.closed) return;
    // Nothing waiting and already due (RTT 0): no timer, no extra turn of the loop.
    if (this.head === this.queue.length && due <= performance.now()) {
      if (!this.to.destroyed && !this.to.writableEnded) this.to.write(data);
    } else {
      this.queue.push({ due, data });
      this.queuedBytes += data.length;
      this.arm();
    }
    // write()'s buffer counts too: a receiver that stops reading must stop the sender.
    if (this.heldBytes > HIGH_WATER_BYTES) this.from.pause();
  }

  /** The sender half-closed: pass the FIN on at its due time too. */
  end(due: number): void {
    if (this.closed) return;
    this.queue.push({ due, data: END });
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.to.off('drain', this.release);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  private arm(): void {
    if (this.timer || this.head >= this.queue.length) return;
    const wait = Math.max(0, (this.queue[this.head] as Pending).due - performance.now());
    this.timer = setTimeout(this.flush, wait);
  }

  private readonly flush = (): void => {
    this.timer = undefined;
    // The receiver is gone (reset or closed): nothing more can be delivered.
    if (this.to.destroyed) {
      this.close();
      return;
    }
    const now = performance.now();
    while (this.head < this.queue.length && (this.queue[this.head] as Pending).due <= now) {
      const { data } = this.queue[this.head++] as Pending;
      if (data === END) {
        if (!this.to.writableEnded) this.to.end();
      } else if (!this.to.writableEnded) {
        this.queuedBytes -= data.length;
        this.to.write(data);
      }
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    this.release();
    this.arm();
  };

  private readonly release = (): void => {
    if (!this.closed && this.from.isPaused() && this.heldBytes <= HIGH_WATER_BYTES / 2) this.from.resume();
  };
}
