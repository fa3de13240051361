import { formatDuration, roughDuration } from '../common/duration.js';

/** One line per finished step on stderr, with elapsed time and a rough estimate of what is left. */
export class Progress {
  private done = 0;
  private readonly started = performance.now();
  private readonly total: number;
  private readonly out: NodeJS.WritableStream;

  constructor(total: number, out: NodeJS.WritableStream = process.stderr) {
    this.total = total;
    this.out = out;
  }

  note(message: string): void {
    this.out.write(`sweep: ${message}\n`);
  }

  step(label: string, result: string): void {
    this.done += 1;
    const elapsed = (performance.now() - this.started) / 1000;
    const left = this.done < this.total ? `, ~${roughDuration((elapsed / this.done) * (this.total - this.done))} left` : '';
    const width = String(this.total).length;
    this.out.write(`sweep [${String(this.done).padStart(width)}/${this.total}] ${label.padEnd(34)} ${result}  (${formatDuration(elapsed)}${left})\n`);
  }
}
