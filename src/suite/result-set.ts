// The files of one suite run, named after its -o FILE, and how they change: never
// before the run has measured something (an earlier run's complete set stays as it was),
// then as one set after every strategy, each file written whole and renamed into place.
// So Ctrl-C, a failing strategy or a kill leave either the earlier set or this run's
// strategies so far, never a truncated file or a report of other data beside an export.
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { describeError } from '../common/cli-errors.js';
import { endOfRun, type EnvironmentRecord } from '../environment/collect.js';
import { cpuSnapshot } from '../environment/cpu.js';
import { outcomeLines, outcomesJsonl, type OutcomeLine } from '../outcome/outcome-lines.js';
import type { ThreadBudget } from '../strategies/thread-budget.js';
import type { Invocation } from './invocations.js';
import { hyperfineMarkdown, type ExportedResult } from './markdown-table.js';
import type { StrategySettings } from './settings.js';

/** <name>.meta.json of a suite: the environment record and what only the suite knows. */
export interface SuiteRecord extends EnvironmentRecord {
  /** The command line that made the run (scripts/run.sh ..., npm run bench -- ...). */
  command: string;
  /** Per measured strategy, in order: the hyperfine settings used and why. */
  settings: Record<string, StrategySettings>;
  /** Strategies this machine cannot hold, left out before anything started: the thread budget's verdicts. */
  notMeasured: ThreadBudget[];
  /** Set when the run ended before every strategy was measured: why. */
  incomplete?: string;
}

export interface SuiteFiles {
  /** hyperfine's JSON, joined over the strategies. */
  json: string;
  markdown: string;
  outcomes: string;
  meta: string;
  report: string;
  chart: string;
}

export function suiteFiles(output: string): SuiteFiles {
  const base = output.replace(/\.json$/, '');
  return {
    json: output,
    markdown: `${base}.md`,
    outcomes: `${base}.outcomes.jsonl`,
    meta: `${base}.meta.json`,
    report: `${base}.report.md`,
    chart: `${base}.svg`,
  };
}

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<Json> {
  const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file} is not a JSON object`);
  return value as Json;
}

export class SuiteResults {
  readonly files: SuiteFiles;
  /** The measured strategies, in the order they were joined in. */
  readonly measured: string[] = [];
  private readonly record: SuiteRecord;
  /** hyperfine's top-level fields other than `results` (the first export's), then the joined results. */
  private top: Json = {};
  private readonly results: Json[] = [];
  private readonly lines: OutcomeLine[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private reportWarned = false;
  /** The CPU accounting when the run began: others' CPU time is measured from here. */
  private readonly cpuAtStart = cpuSnapshot();

  constructor(files: SuiteFiles, record: SuiteRecord) {
    this.files = files;
    this.record = record;
  }

  /** Joins one strategy's hyperfine export and its invocations in and writes the whole set. */
  add(name: string, exportFile: string, settings: StrategySettings, invocations: readonly Invocation[]): Promise<void> {
    return this.enqueue(async () => {
      const exported = await readJson(exportFile);
      const results = exported.results;
      if (!Array.isArray(results) || results.length !== 1) throw new Error(`hyperfine's export ${exportFile} has no single result`);
      if (this.results.length === 0) {
        const { results: _, ...top } = exported;
        this.top = top;
      }
      this.results.push(results[0] as Json);
      this.record.settings[name] = settings;
      this.lines.push(...outcomeLines(name, invocations.map((invocation) => invocation.outcome), { warmup: settings.warmup, of: invocations.length }));
      this.measured.push(name);
      await this.write();
      await this.report(true);
    });
  }

  /**
   * The run is over (also when a signal stopped it): the record gets the load and time at
   * the end, and why it is incomplete, and the report is written once more and printed.
   * Nothing is written when nothing was measured. Resolves false when the report failed.
   */
  finish(incomplete?: string): Promise<boolean> {
    return this.enqueue(async () => {
      if (this.measured.length === 0) return true;
      Object.assign(this.record, endOfRun(this.cpuAtStart));
      if (incomplete) this.record.incomplete = incomplete;
      await writeFileAtomic(this.files.meta, `${JSON.stringify(this.record, null, 2)}\n`);
      return this.report(false);
    });
  }

  /** The files that exist now, in the order they are written. */
  written(): string[] {
    return this.measured.length === 0 ? [] : [this.files.outcomes, this.files.json, this.files.markdown, this.files.meta, this.files.report, this.files.chart];
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(): Promise<void> {
    await writeFileAtomic(this.files.outcomes, outcomesJsonl(this.lines));
    await writeFileAtomic(this.files.json, `${JSON.stringify({ ...this.top, results: this.results }, null, 2)}\n`);
    await writeFileAtomic(this.files.markdown, hyperfineMarkdown(this.results as unknown as ExportedResult[]));
    await writeFileAtomic(this.files.meta, `${JSON.stringify(this.record, null, 2)}\n`);
  }

  /** <name>.report.md and <name>.svg of what is measured so far; quiet between strategies. */
  private async report(quiet: boolean): Promise<boolean> {
    try {
      const { writeReport } = await import('../report/command.js');
      await writeReport([this.files.json], { format: 'markdown', output: dirname(this.files.json), quiet });
      return true;
    } catch (error) {
      if (!quiet || !this.reportWarned) process.stderr.write(`suite: error: the report failed: ${describeError(error)}\n`);
      this.reportWarned = true;
      // An earlier run's report must not stand beside this run's export.
      await Promise.all([rm(this.files.report, { force: true }), rm(this.files.chart, { force: true })]);
      return false;
    }
  }
}
