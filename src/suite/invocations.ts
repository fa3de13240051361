// Each timed invocation of one command, seen from outside hyperfine. hyperfine runs its
// --prepare command before every invocation, warmups included (1.15, also with -N), and
// hides the commands' output; so the suite gives it a prepare command that appends the
// time to a file, and points the client's BENCHMARK_OUTCOME_FILE at the same file. The
// file then reads, in order: a start mark, that invocation's outcome (our client writes
// one, other programs none), the next start mark, ... An invocation is over when the next
// one starts, or when hyperfine ends.
import { open, type FileHandle } from 'node:fs/promises';

export interface Invocation {
  /** 1-based, in the order hyperfine ran them (warmups first). */
  index: number;
  /** Wall-clock milliseconds when it started (its start mark). */
  startedAt: number;
  /** From its start to the next start (or hyperfine's end): its time plus a few ms of hyperfine and the mark. */
  seconds: number;
  /** The client's --json outcome; null when the command wrote none. */
  outcome: Record<string, unknown> | null;
}

/** The start mark: seconds since the epoch, with nanoseconds where `date` has %N (GNU coreutils). */
function markTime(line: string, noticedAt: number): number {
  const seconds = Number(line);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : noticedAt;
}

function parseOutcome(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export class InvocationLog {
  readonly file: string;
  private handle: FileHandle | undefined;
  private offset = 0;
  private partial = '';
  private current: { startedAt: number; outcome: Record<string, unknown> | null } | undefined;
  private count = 0;

  constructor(file: string) {
    this.file = file;
  }

  /** hyperfine's --prepare: appends the start mark (sh and date, a few ms, not timed). */
  prepareCommand(): string[] {
    return ['sh', '-c', 'date +%s.%N >> "$0"', this.file];
  }

  /** BENCHMARK_OUTCOME_FILE for the timed commands. */
  environment(): NodeJS.ProcessEnv {
    return { BENCHMARK_OUTCOME_FILE: this.file };
  }

  /** Reads what was appended since the last call; returns the invocations that ended meanwhile. */
  async read(): Promise<Invocation[]> {
    this.handle ??= await open(this.file, 'a+');
    const ended: Invocation[] = [];
    const noticedAt = Date.now();
    for (;;) {
      const { bytesRead, buffer } = await this.handle.read({ buffer: Buffer.alloc(64 * 1024), position: this.offset });
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      this.partial += buffer.subarray(0, bytesRead).toString('utf8');
    }
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines.map((l) => l.trim()).filter((l) => l !== '')) {
      if (line.startsWith('{')) {
        if (this.current) this.current.outcome = parseOutcome(line);
        continue;
      }
      const startedAt = markTime(line, noticedAt);
      const previous = this.end(startedAt);
      if (previous) ended.push(previous);
      this.current = { startedAt, outcome: null };
    }
    return ended;
  }

  /** hyperfine ended at `endedAt`: the invocation still open ends there (after one last read). */
  async close(endedAt: number): Promise<Invocation[]> {
    const ended = await this.read();
    const last = this.end(endedAt);
    if (last) ended.push(last);
    await this.handle?.close();
    this.handle = undefined;
    return ended;
  }

  /** Lets go of the file without reading on (the run is being stopped). */
  async dispose(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private end(at: number): Invocation | undefined {
    if (!this.current) return undefined;
    this.count += 1;
    const { startedAt, outcome } = this.current;
    this.current = undefined;
    return { index: this.count, startedAt, seconds: Math.max(0, (at - startedAt) / 1000), outcome };
  }
}
