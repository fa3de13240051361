// `benchmark report`: reads hyperfine exports, prints the table in the chosen format
// and, with --output, writes <name>.report.md and <name>.svg (the chart) into a folder.
import { basename, join } from 'node:path';
import { runFiles } from '../common/run-files.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { describeError, fail, USAGE_EXIT_CODE } from '../common/cli-errors.js';
import { renderChartSvg } from './chart.js';
import { FORMATS, type Format } from './formats.js';
import { DataError } from '../common/json.js';
import { fileStem, loadRuns } from './run-set.js';
import { buildTable, missingStrategies } from './table.js';

export interface ReportFlags {
  format: Format;
  output?: string;
  name?: string;
  title?: string;
  /** Only write the files: no table on stdout, no warnings (the suite's reports between strategies). */
  quiet?: boolean;
}

/** The report files could not be written (the inputs were fine). */
class ReportWriteError extends Error {}

/** Output base name: the single input's name (results/x.json -> x), else "comparison". */
function reportName(files: readonly string[], name?: string): string {
  return name || (files.length === 1 ? fileStem(files[0]!) : 'comparison');
}

/**
 * Prints the table and, with --output, writes the report files. Throws DataError for a
 * bad input and ReportWriteError when the files cannot be written; warnings go to stderr.
 */
export async function writeReport(files: string[], flags: ReportFlags): Promise<void> {
  const warn = (message: string) => {
    if (!flags.quiet) process.stderr.write(`warning: ${message}\n`);
  };
  const table = buildTable(await loadRuns(files, warn));
  for (const run of table.runs) if (missingStrategies(run).length > 0) warn(`${run.file}: incomplete run, no results for ${missingStrategies(run).join(', ')}`);
  for (const row of table.rows) if (row.failedRuns) warn(`${row.strategy} (${row.run}): ${row.failedRuns} of ${row.count} measured runs exited non-zero`);
  if (!flags.quiet) process.stdout.write(await FORMATS[flags.format].render(table, {}));
  if (!flags.output) return;

  const { chart, report } = runFiles(join(flags.output, `${reportName(files, flags.name)}.json`));
  const written: string[] = [];
  const write = async (file: string, text: string) => {
    await writeFileAtomic(file, text);
    written.push(file);
  };
  try {
    await write(chart, await renderChartSvg(table, flags.title));
    await write(report, await FORMATS.markdown.render(table, { chartFile: basename(chart) }));
    if (flags.format !== 'markdown') await write(report.replace(/\.md$/, `.${FORMATS[flags.format].extension}`), await FORMATS[flags.format].render(table, {}));
  } catch (error) {
    throw new ReportWriteError(`cannot write the report into ${flags.output}: ${describeError(error)}`);
  }
  if (!flags.quiet) process.stderr.write(`report: wrote ${written.join(', ')}\n`);
}

export async function reportCommand(files: string[], flags: ReportFlags): Promise<void> {
  if (flags.name !== undefined && (flags.name === '' || /[/\\]/.test(flags.name))) {
    fail(`--name must be a plain file name without '/', got '${flags.name}'.`, USAGE_EXIT_CODE);
  }
  try {
    await writeReport(files, flags);
  } catch (error) {
    // A bad input is the caller's mistake, like a bad flag: usage exit code, one line.
    if (error instanceof DataError) fail(error.message, USAGE_EXIT_CODE);
    if (error instanceof ReportWriteError) fail(error.message, 1);
    throw error;
  }
}
