// One line on stderr per timed invocation, with or without a terminal (docker compose logs,
// EC2's cloud-init log, npm run bench): the strategy, invocation i of n (warmups marked),
// its time, and a rough estimate of what remains of the whole suite.
import { formatDuration, roughDuration } from '../common/duration.js';
import { DurationModel, type Modelled } from './estimate.js';
import type { Invocation } from './invocations.js';

export class SuiteProgress {
  private readonly startedAt = Date.now();
  private readonly model: DurationModel;
  private readonly commands: readonly Modelled[];
  private readonly say: (line: string) => void;
  private current = 0;
  private times: number[] = [];

  constructor(model: DurationModel, commands: readonly Modelled[], say: (line: string) => void) {
    this.model = model;
    this.commands = commands;
    this.say = say;
  }

  /** The whole suite's estimate, before anything ran. */
  announce(): void {
    const total = this.commands.reduce((sum, command) => sum + this.model.commandSeconds(command), 0);
    this.say(`rough estimate for the whole suite: about ${roughDuration(total)} (${this.model.describe()})`);
  }

  /** From now on invocations belong to commands[index]. */
  begin(index: number): void {
    this.current = index;
    this.times = [];
  }

  /** Invocation i of n (null: not known yet) ended; `failed`: hyperfine stopped at it. */
  invocation(invocation: Invocation, of: number | null, warmup: boolean, how: { probe?: boolean; failed?: boolean } = {}): void {
    this.times.push(invocation.seconds);
    const command = this.commands[this.current];
    // The first run of a strategy replaces the model's guess for it and corrects the guesses for the rest.
    if (command && invocation.index === 1) this.model.learn(command, invocation.seconds);
    const name = command?.name ?? '?';
    const mark = warmup ? (how.probe ? ' (warmup, probe)' : ' (warmup)') : '';
    const mean = this.times.reduce((a, b) => a + b, 0) / this.times.length;
    const later = this.commands.slice(this.current + 1).reduce((sum, c) => sum + this.model.commandSeconds(c), 0);
    const left = Math.max(0, (of ?? invocation.index) - invocation.index) * mean + later;
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const time = invocation.seconds >= 10 ? invocation.seconds.toFixed(1) : invocation.seconds.toFixed(3);
    const position = of === null ? `invocation ${invocation.index}` : `invocation ${invocation.index} of ${of}`;
    if (how.failed) {
      this.say(`${name} ${position}${mark}: FAILED after ${time} s; suite ${formatDuration(elapsed)} elapsed`);
      return;
    }
    const remaining = left < 5 ? 'under 5 s left' : `about ${roughDuration(left)} left (rough)`;
    this.say(`${name} ${position}${mark}: ${time} s; suite ${formatDuration(elapsed)} elapsed, ${remaining}`);
  }
}
