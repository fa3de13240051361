// Machine-readable forms of the table: JSON (with the runs' environment records) and
// CSV (one row per strategy per run). Times are in seconds, as in hyperfine's exports.
import type { Row, Table } from './table.js';

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function rowData(row: Row) {
  const r = row.result;
  return {
    strategy: row.strategy,
    run: row.run,
    mean: r.mean,
    stddev: r.stddev,
    median: r.median,
    min: r.min,
    max: r.max,
    user: r.user,
    system: r.system,
    runs: row.count,
    failedRuns: row.failedRuns,
    relativeSpeed: finite(row.relative.ratio),
    // hyperfine shows no error on the reference itself (it is 1 by definition).
    relativeSpeedStddev: row.relative.isReference ? null : finite(row.relative.stddev),
    isFastest: row.relative.isReference,
  };
}

export function jsonReport(table: Table): string {
  const data = {
    unit: 'seconds',
    relativeSpeed: 'times slower than the fastest strategy of the same run (hyperfine: >= 1, 1 = fastest)',
    runs: table.runs.map((run) => ({
      label: run.label,
      file: run.file,
      hyperfineVersion: run.hyperfineVersion,
      environment: run.environment,
    })),
    rows: table.rows.map(rowData),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const CSV_COLUMNS = [
  ['strategy', 'strategy'],
  ['run', 'run'],
  ['mean_s', 'mean'],
  ['stddev_s', 'stddev'],
  ['median_s', 'median'],
  ['min_s', 'min'],
  ['max_s', 'max'],
  ['user_s', 'user'],
  ['system_s', 'system'],
  ['runs', 'runs'],
  ['failed_runs', 'failedRuns'],
  ['relative_speed', 'relativeSpeed'],
  ['relative_speed_stddev', 'relativeSpeedStddev'],
  ['is_fastest', 'isFastest'],
] as const;

/** RFC 4180: quote fields containing a comma, quote or line break; double inner quotes. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvReport(table: Table): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of table.rows) {
    const data = rowData(row);
    lines.push(CSV_COLUMNS.map(([, key]) => csvField(data[key])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
