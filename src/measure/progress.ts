// One stderr line per timed invocation, terminal or not (compose logs, cloud-init, npm run bench): round,
// command, i of n, time, a rough estimate of the rest. Until a command ran, a run is modelled as a fixed
// start plus a cost per worker thread started (~40 ms spawn to ready on a 2-core machine, bench:threads);
// each command's own runs then replace the model.
import { formatDuration, roughDuration } from '../common/duration.js';
import { mean } from '../common/statistics.js';

/** What the estimate needs to know of a command. */
export interface Planned {
  name: string;
  /** Worker threads one run starts, summed over its pools; 0 on the event loop. */
  threadStarts: number;
  /** Invocations still to come. */
  remaining: number;
  /** Its invocations so far, seconds each. */
  times: readonly number[];
}

const START_SECONDS = 0.4;
const SECONDS_PER_THREAD = 0.04;

export class Progress {
  private readonly startedAt = Date.now();
  private startSeconds = START_SECONDS;
  private secondsPerThread = SECONDS_PER_THREAD;
  private readonly say: (line: string) => void;

  constructor(say: (line: string) => void) {
    this.say = say;
  }

  /** Seconds one run of `command` takes: the mean of its own runs, else the model's. */
  private runSeconds(command: Planned): number {
    if (command.times.length > 0) return mean(command.times);
    return this.startSeconds + command.threadStarts * this.secondsPerThread;
  }

  /** The model corrected by a command's first run. */
  private learn(command: Planned, seconds: number): void {
    if (command.threadStarts > 0) this.secondsPerThread = Math.max(0.001, (seconds - this.startSeconds) / command.threadStarts);
    else this.startSeconds = seconds;
  }

  private left(commands: readonly Planned[]): number {
    return commands.reduce((sum, command) => sum + command.remaining * this.runSeconds(command), 0);
  }

  /** The estimate of everything, before anything ran. */
  announce(what: string, commands: readonly Planned[]): void {
    this.say(
      `rough estimate for the whole ${what}: about ${roughDuration(this.left(commands))} (modelled as ${START_SECONDS} s per run plus ` +
        `${SECONDS_PER_THREAD * 1000} ms per worker thread started, figures from a 2-core machine, corrected by each command's first run)`,
    );
  }

  /** An invocation of `command` ended (its time already in command.times); `failed`: the reason. */
  invocation(round: number, command: Planned, position: { index: number; of: number; warmup: boolean }, commands: readonly Planned[], failed?: string): void {
    const seconds = command.times[command.times.length - 1] ?? Number.NaN;
    if (command.times.length === 1 && Number.isFinite(seconds)) this.learn(command, seconds);
    const time = seconds >= 10 ? seconds.toFixed(1) : seconds.toFixed(3);
    const head = `[round ${round}] ${command.name} ${position.warmup ? 'warmup' : 'run'} ${position.index} of ${position.of}`;
    const elapsed = formatDuration((Date.now() - this.startedAt) / 1000);
    if (failed !== undefined) {
      this.say(`${head}: FAILED after ${time} s (${failed}); ${elapsed} elapsed`);
      return;
    }
    const left = this.left(commands);
    this.say(`${head}: ${time} s; ${elapsed} elapsed, ${left < 5 ? 'under 5 s left' : `about ${roughDuration(left)} left (rough)`}`);
  }
}
