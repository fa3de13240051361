// The Markdown report: the comparison table, hyperfine-style summaries, caveats found
// in the data (failed runs, statistics missing from older exports) and the environment.
import { environmentRows } from './environment-view.js';
import { missingStrategies, skippedStrategies, type Row, type Table } from './table.js';
import { formatRelative, formatTime, unitFor, type TimeUnit } from './units.js';

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const divider = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
  return [line(header), divider, ...rows.map(line)].join('\n');
}

function runsCell(row: Row): string {
  const count = row.count === null ? '–' : String(row.count);
  return row.failedRuns ? `${count} (${row.failedRuns} failed)` : count;
}

/** The results table alone: the "Results" section of the Markdown report. */
export function resultsTable(table: Table, unit: TimeUnit = unitFor(table.rows.map((r) => r.result.mean))): string {
  const several = table.runs.length > 1;
  const u = `[${unit.name}]`;
  const header = ['Strategy', ...(several ? ['Run'] : []), `Mean ± σ ${u}`, `Median ${u}`, `Min ${u}`, `Max ${u}`, `User ${u}`, `System ${u}`, 'Relative', 'Runs'];
  const align: ('l' | 'r')[] = ['l', ...(several ? ['l' as const] : []), 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const rows = table.rows.map((row) => {
    const r = row.result;
    const mean = r.stddev === null ? formatTime(r.mean, unit) : `${formatTime(r.mean, unit)} ± ${formatTime(r.stddev, unit)}`;
    const name = row.relative.isReference ? `**${row.strategy}**` : row.strategy;
    return [
      name,
      ...(several ? [row.run] : []),
      mean,
      formatTime(r.median, unit),
      formatTime(r.min, unit),
      formatTime(r.max, unit),
      formatTime(r.user, unit),
      formatTime(r.system, unit),
      formatRelative(row.relative),
      runsCell(row),
    ];
  });
  return markdownTable(header, align, rows);
}

/** hyperfine's "Summary" block for one run: fastest first, then how many times slower each other is. */
export function summaryLines(table: Table, runIndex: number): string[] {
  const rows = table.rows.filter((row) => row.runIndex === runIndex);
  const reference = rows.find((row) => row.relative.isReference);
  if (!reference) return [];
  const others = rows.filter((row) => row !== reference).sort((a, b) => a.result.mean - b.result.mean);
  if (others.length === 0) return [];
  return [
    `'${reference.strategy}' ran`,
    ...others.map((row) => {
      const { ratio, stddev } = row.relative;
      if (!Number.isFinite(ratio)) return `    (no ratio: a mean time is zero) '${row.strategy}'`;
      const error = stddev === null ? '' : ` ± ${stddev.toFixed(2)}`;
      return `${ratio.toFixed(2).padStart(8)}${error} times faster than '${row.strategy}'`;
    }),
  ];
}

function caveats(table: Table): string[] {
  const notes: string[] = [];
  for (const run of table.runs) {
    const skipped = skippedStrategies(run);
    if (skipped.length > 0) {
      notes.push(`**${run.label}: not measured: ${skipped.join(', ')}** (left out before timing because this machine cannot hold them; the run's log says why).`);
    }
    const missing = missingStrategies(run);
    if (missing.length > 0) {
      notes.push(`**${run.label}: incomplete, no results for ${missing.join(', ')}** (planned in its record; the run stopped before them, e.g. at a failing strategy).`);
    }
  }
  // One line per kind of caveat and run, naming the strategies it concerns.
  const grouped = new Map<string, string[]>();
  const group = (run: string, message: string, strategy: string) => {
    const key = `${table.runs.length > 1 ? `${run}: ` : ''}${message}`;
    grouped.set(key, [...(grouped.get(key) ?? []), strategy]);
  };
  for (const row of table.rows) {
    const where = table.runs.length > 1 ? `${row.strategy} (${row.run})` : row.strategy;
    if (row.failedRuns) {
      const codes = [...new Set(row.result.exitCodes?.filter((c) => c !== 0).map((c) => (c === null ? 'signal' : String(c))))];
      notes.push(
        `**${where}: ${row.failedRuns} of ${row.count} measured runs failed** (exit ${codes.join(', ')}; hyperfine -i kept timing them). ` +
          'A failed run can be much faster or slower than a real one: do not compare this row.',
      );
    }
    if (row.result.median === null) group(row.run, 'no median and no raw times in the export (older hyperfine); the chart marks the mean instead', row.strategy);
    else if (row.result.derived.length > 0) group(row.run, `${row.result.derived.join(', ')} computed from the raw times (the export predates those fields)`, row.strategy);
    if (row.result.stddev === null) group(row.run, 'a single measured run: no σ and no error on the ratio', row.strategy);
  }
  for (const [message, strategies] of grouped) notes.push(`${message} (${strategies.join(', ')}).`);
  return notes;
}

export interface MarkdownOptions {
  /** Relative path of the chart to embed, when one was written. */
  chartFile?: string;
}

export function markdownReport(table: Table, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const several = table.runs.length > 1;
  out.push('# Benchmark report', '');
  out.push(
    'Whole-process wall-clock time of one `benchmark <strategy>` invocation, measured by hyperfine (start-up, all requests, exit). ' +
      'Lower is faster. **Relative** is how many times slower than the fastest strategy of the same run (bold), ' +
      "with hyperfine's error propagation; σ is the standard deviation over the measured runs. How to read it: docs/results.md.",
    '',
  );
  out.push(several ? '## Runs compared' : '## Run', '');
  for (const run of table.runs) {
    const version = run.hyperfineVersion ?? (typeof run.environment?.hyperfine === 'string' ? run.environment.hyperfine : null);
    const meta = run.environment ? `, environment from \`${run.metaFile}\`` : ', no environment record';
    out.push(`- **${run.label}**: \`${run.file}\`${version ? ` (hyperfine ${version})` : ''}${meta}`);
  }
  out.push('', '## Results', '', resultsTable(table), '');
  const notes = caveats(table);
  if (notes.length > 0) out.push(...notes.map((note) => `- ${note}`), '');
  if (options.chartFile) {
    out.push(`![Median wall-clock time per strategy${several ? ' and run' : ''}, with spread](${options.chartFile})`, '');
  }
  const summaries = table.runs
    .map((run, index) => ({ run, lines: summaryLines(table, index) }))
    .filter((s) => s.lines.length > 0);
  if (summaries.length > 0) {
    out.push('## Summary (as hyperfine prints it)', '');
    for (const { run, lines } of summaries) {
      if (several) out.push(`${run.label}:`, '');
      out.push('```', ...lines, '```', '');
    }
  }
  const environment = environmentRows(table.runs);
  if (environment.length > 0) {
    out.push('## Environment', '');
    out.push(markdownTable(['', ...table.runs.map((run) => run.label)], ['l', ...table.runs.map(() => 'l' as const)], environment.map((row) => [row.title, ...row.cells.map((c) => c ?? '–')])));
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
