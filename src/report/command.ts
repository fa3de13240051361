// `benchmark report`: reads hyperfine exports, prints the table in the chosen format and, with
// --output, writes <name>.report.md and <name>.svg (the chart) into a folder, as one set: a kill
// (Ctrl-C included) leaves the old set or the new one, never a mix and never a temporary file.
// With --baseline and --fail-if-slower it is the regression gate (gate.ts): exit 1 when a strategy
// got slower by more than the threshold, significantly.
import { basename, join } from 'node:path';
import { runFiles, runJournal } from '../common/run-files.js';
import { finishInterruptedSet, writeFileSet } from '../common/atomic-write.js';
import { describeError, fail, USAGE_EXIT_CODE } from '../common/cli-errors.js';
import { handleSignals } from '../runner/children.js';
import { renderChartSvg } from './chart.js';
import { FORMATS, type Format } from './formats.js';
import { DataError } from '../common/json.js';
import { fileStem, loadRuns } from './run-set.js';
import { buildTable, missingStrategies, strategyResults, type Table } from './table.js';
import { compareRuns, describeGate, parseThreshold } from './gate.js';
import type { CommandResult } from '../runner/hyperfine-export.js';

export interface ReportFlags {
  format: Format;
  output?: string;
  name?: string;
  title?: string;
  /** Only write the files: no table on stdout, no warnings (the suite's reports between strategies). */
  quiet?: boolean;
  /** The regression gate: the run to compare with (OLD.json). */
  baseline?: string;
  /** The regression gate's threshold: "5%" or "0.05". */
  failIfSlower?: string;
}

/** The report files could not be written (the inputs were fine). */
class ReportWriteError extends Error {}

/** The table of the inputs; warnings (incomplete runs, failed runs) on stderr unless quiet. Throws DataError for a bad input. */
async function loadTable(files: readonly string[], quiet: boolean): Promise<Table> {
  const warn = (message: string) => {
    if (!quiet) process.stderr.write(`warning: ${message}\n`);
  };
  const table = buildTable(await loadRuns(files, warn));
  for (const run of table.runs) if (missingStrategies(run).length > 0) warn(`${run.file}: incomplete run, no results for ${missingStrategies(run).join(', ')}`);
  for (const row of table.rows) if (row.failedRuns) warn(`${row.strategy} (${row.run}): ${row.failedRuns} of ${row.count} measured runs exited non-zero`);
  return table;
}

/**
 * Writes the report's files into flags.output as one set: the chart, the Markdown report and,
 * for another format, its file. Throws ReportWriteError when they cannot be written.
 */
async function writeReportFiles(table: Table, files: readonly string[], flags: ReportFlags): Promise<string[]> {
  const output = flags.output as string;
  // The base name: --name, else the single input's name (results/x.json -> x), else "comparison".
  const exportFile = join(output, `${flags.name || (files.length === 1 ? fileStem(files[0]!) : 'comparison')}.json`);
  const { chart, report } = runFiles(exportFile);
  // The same journal as the run's own files (common/run-files.ts): a reader of that run finishes it too.
  const journal = runJournal(exportFile);
  try {
    const set = new Map<string, string>([
      [chart, await renderChartSvg(table, flags.title)],
      [report, await FORMATS.markdown.render(table, { chartFile: basename(chart) })],
    ]);
    if (flags.format !== 'markdown') set.set(report.replace(/\.md$/, `.${FORMATS[flags.format].extension}`), await FORMATS[flags.format].render(table, {}));
    finishInterruptedSet(journal);
    await writeFileSet(set, journal);
    return [...set.keys()];
  } catch (error) {
    throw new ReportWriteError(`cannot write the report into ${output}: ${describeError(error)}`);
  }
}

/**
 * Prints the table and, with --output, writes the report files. Throws DataError for a
 * bad input and ReportWriteError when the files cannot be written; warnings go to stderr.
 */
export async function writeReport(files: string[], flags: ReportFlags): Promise<void> {
  const table = await loadTable(files, flags.quiet ?? false);
  if (!flags.quiet) process.stdout.write(await FORMATS[flags.format].render(table, {}));
  if (!flags.output) return;
  const written = await writeReportFiles(table, files, flags);
  if (!flags.quiet) process.stderr.write(`report: wrote ${written.join(', ')}\n`);
}

/**
 * The regression gate: the new run against the baseline, a verdict per strategy on stdout (and, with
 * --output, the report of both runs side by side). Returns the exit code: 1 when a strategy fails.
 */
async function runGate(files: string[], flags: ReportFlags): Promise<number> {
  if (flags.baseline === undefined) fail('--fail-if-slower needs --baseline OLD.json, the run to compare with', USAGE_EXIT_CODE);
  if (flags.failIfSlower === undefined) fail('--baseline needs --fail-if-slower THRESHOLD (e.g. 5% or 0.05): how much slower fails', USAGE_EXIT_CODE);
  const threshold = parseThreshold(flags.failIfSlower);
  if (typeof threshold === 'string') fail(threshold, USAGE_EXIT_CODE);
  if (files.length !== 1) fail(`--baseline compares one new run with it: give one export, got ${files.length}`, USAGE_EXIT_CODE);
  const inputs = [flags.baseline, files[0] as string];
  const table = await loadTable(inputs, false);
  const [baseline, current] = table.runs;
  const verdicts = compareRuns(baseline!.results, current!.results, threshold);
  const compared = new Set(verdicts.map((v) => v.strategy));
  const strategies = (results: readonly CommandResult[]) => strategyResults(results).flatMap(([name]) => (compared.has(name) ? [] : [name]));
  const out = [`gate: ${current!.label} (${current!.file}) against the baseline ${baseline!.label} (${baseline!.file}); fails when slower by more than ${Number((threshold * 100).toFixed(2))}%`];
  const [onlyOld, onlyNew] = [strategies(baseline!.results), strategies(current!.results)];
  if (onlyOld.length > 0) out.push(`not compared, only in the baseline: ${onlyOld.join(', ')}`);
  if (onlyNew.length > 0) out.push(`not compared, only in the new run: ${onlyNew.join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n${describeGate(verdicts, threshold)}`);
  if (flags.output) process.stderr.write(`report: wrote ${(await writeReportFiles(table, inputs, flags)).join(', ')}\n`);
  return verdicts.some((v) => v.fails) ? 1 : 0;
}

export async function reportCommand(files: string[], flags: ReportFlags): Promise<void> {
  // Ctrl-C ends in process.exit, whose hook removes this process's temporary files: nothing half-written stays.
  handleSignals();
  if (flags.name !== undefined && (flags.name === '' || /[/\\]/.test(flags.name))) {
    fail(`--name must be a plain file name without '/', got '${flags.name}'.`, USAGE_EXIT_CODE);
  }
  try {
    if (flags.baseline !== undefined || flags.failIfSlower !== undefined) process.exitCode = await runGate(files, flags);
    else await writeReport(files, flags);
  } catch (error) {
    // A bad input is the caller's mistake, like a bad flag: usage exit code, one line.
    if (error instanceof DataError) fail(error.message, USAGE_EXIT_CODE);
    if (error instanceof ReportWriteError) fail(error.message, 1);
    throw error;
  }
}
