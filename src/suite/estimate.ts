// A rough model of how long the suite takes, so that a run of many minutes says so at
// start and keeps saying what remains. Before anything ran, a run of a command is modelled
// as a fixed start (Node, the HTTP client, the requests) plus a cost per worker thread
// started, figures from this project's 2-core machine (threads-recreate -r 1000 -c 100 starts
// 1000 threads in ~36 s; a worker thread takes ~40 ms from spawn to ready, bench:threads).
// Each strategy's probe then replaces the model's figure with a measured one.
import { exactSettings, invocations, isExact, settingsAfterProbe, type SettingsRule } from './settings.js';

/** What the model needs to know about a timed command. */
export interface Modelled {
  name: string;
  /** Worker threads one run starts, summed over its pools; 0 on the event loop. */
  threadStarts: number;
}

const START_SECONDS = 0.4;
const SECONDS_PER_THREAD = 0.04;

export class DurationModel {
  private startSeconds = START_SECONDS;
  private secondsPerThread = SECONDS_PER_THREAD;
  private readonly measured = new Map<string, number>();
  private readonly rule: SettingsRule;

  constructor(rule: SettingsRule) {
    this.rule = rule;
  }

  /** Seconds one run takes: measured when probed, else modelled. */
  runSeconds(command: Modelled): number {
    return this.measured.get(command.name) ?? this.startSeconds + command.threadStarts * this.secondsPerThread;
  }

  /** A probe (or any run) of `command` took `seconds`: remembered, and the model's figures corrected. */
  learn(command: Modelled, seconds: number): void {
    this.measured.set(command.name, seconds);
    if (command.threadStarts > 0) this.secondsPerThread = Math.max(0.001, (seconds - this.startSeconds) / command.threadStarts);
    else this.startSeconds = seconds;
  }

  /** Seconds all of `command`'s invocations take, as its settings would be decided. */
  commandSeconds(command: Modelled): number {
    const run = this.runSeconds(command);
    const settings = isExact(this.rule) ? exactSettings(this.rule) : settingsAfterProbe(this.rule, run);
    return invocations(settings) * run;
  }

  /** The model in words, for the estimate printed at start. */
  describe(): string {
    return `modelled as ${START_SECONDS} s per run plus ${SECONDS_PER_THREAD * 1000} ms per worker thread started (figures from a 2-core machine), corrected by each strategy's first run`;
  }
}
