// A measurement's files: checked and locked before anything starts (a set a kill left half renamed is
// finished first), written after every round, and at the end the verdict: what failed and why, what
// did not fit, where the results are.
import { existsSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finishInterruptedSet, lockOutput, makeDirectory } from '../common/atomic-write.js';
import { describeError, UsageError } from '../common/cli-errors.js';
import { runFiles, runJournal, type RunFiles } from '../common/run-files.js';
import type { MeasureState } from './engine.js';
import { recordOf, writeRunFiles, type RecordBase } from './files.js';

export class RunOutput {
  readonly files: RunFiles;
  private readonly say: (line: string) => void;
  private unlock = (): void => {};
  /** Whether this run has written its set yet. */
  written = false;

  constructor(exportFile: string, say: (line: string) => void) {
    this.files = runFiles(exportFile);
    this.say = say;
  }

  /** The export must be a file that can be written before minutes are spent measuring; then one writer at a time. */
  async open(): Promise<void> {
    const output = this.files.export;
    if (existsSync(output) && statSync(output).isDirectory()) throw new UsageError(`--output ${output} is a directory: give the path of the export file (FILE.json)`);
    const probe = join(dirname(output), `.write-check.${process.pid}`);
    try {
      await makeDirectory(dirname(output));
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } catch (error) {
      throw new UsageError(`cannot write results into ${dirname(output)}: ${describeError(error)}`);
    }
    this.unlock = lockOutput(output);
    finishInterruptedSet(runJournal(output));
  }

  close(): void {
    this.unlock();
  }

  /**
   * The run's data set, as it stands; false while nothing is measured (an earlier run's files stay as they were). Before this
   * run's first set, an earlier run's report and chart go: they must never stand beside this run's data.
   */
  async write(state: MeasureState, base: RecordBase): Promise<boolean> {
    const dropEarlierReport = async () => void (await Promise.all([rm(this.files.report, { force: true }), rm(this.files.chart, { force: true })]));
    this.written = (await writeRunFiles(this.files, state, recordOf(base, state), this.written ? undefined : dropEarlierReport)) || this.written;
    if (state.stopped) this.say(`${state.stopped}: ${this.where(state)}`);
    return this.written;
  }

  /** Where the results are, or why there are none. */
  where(state: MeasureState): string {
    if (this.written) {
      const measured = state.commands.filter((c) => !c.failure && c.invocations.some((i) => !i.warmup)).map((c) => c.command.name);
      return `what this run measured (${measured.join(', ')}) is in ${this.files.export} and the files beside it`;
    }
    return existsSync(this.files.export)
      ? `nothing was measured; ${this.files.export} and the files beside it, from an earlier run, were left as they were`
      : 'nothing was measured, no result files were written';
  }

  /** The failures and what did not fit, said; the exit status they make (1 for a failure, or a misfit with `strict`). */
  verdict(state: MeasureState, strict: boolean): number {
    let status = 0;
    for (const { command, failure } of state.commands) {
      if (!failure) continue;
      status = 1;
      this.say(`error: ${command.name} failed (${failure.reason})`);
      if (failure.said.length > 0) this.say(`the failing run said:\n${failure.said.join('\n')}`);
      if (failure.hint) this.say(failure.hint);
    }
    if (state.commands.length === 0) {
      this.say('error: nothing can run on this machine (see above)');
      return 1;
    }
    if (state.notMeasured.length > 0) {
      const names = state.notMeasured.map((verdict) => verdict.strategy).join(', ');
      if (strict) {
        this.say(`error: did not fit this machine, not measured: ${names} (--strict or BENCHMARK_STRICT=1 makes that a failure)`);
        status = 1;
      } else {
        this.say(`note: did not fit this machine, not measured: ${names}: a result, recorded in ${this.files.meta} ("notMeasured") and shown in the report`);
      }
    }
    return status;
  }
}
