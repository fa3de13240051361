// Machine-readable forms of the table: JSON (with the runs' environment records) and
// CSV (one row per strategy per run). Times are in seconds, as in hyperfine's exports.
// A strategy that did not fit the machine is a row too (status "did not fit").
import { describeNotMeasured, runLoad, strategySettings } from './run-record.js';
import { sideBySide, type Comparison } from './side-by-side.js';
import { isNotFit, rowsInOrder, type NotFitRow, type Row, type Table } from './table.js';
import { SIGNIFICANCE } from '../common/significance.js';

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** One row's fields, in the order of the JSON rows and the CSV columns; a did-not-fit row is null where it has no figure. */
function rowData(row: Row | NotFitRow) {
  const m = isNotFit(row) ? null : row;
  const [r, o] = [m?.result, m?.outcome];
  const note = isNotFit(row) ? describeNotMeasured(row.entry) : null;
  return {
    strategy: row.strategy,
    run: row.run,
    status: m ? 'measured' : 'did not fit',
    mean: r?.mean ?? null,
    stddev: r?.stddev ?? null,
    median: r?.median ?? null,
    min: r?.min ?? null,
    max: r?.max ?? null,
    user: r?.user ?? null,
    system: r?.system ?? null,
    runs: m ? m.count : 0,
    failedRuns: m?.failedRuns ?? null,
    relativeSpeed: m ? finite(m.relative.ratio) : null,
    // hyperfine shows no error on the reference itself (it is 1 by definition).
    relativeSpeedStddev: !m || m.relative.isReference ? null : finite(m.relative.stddev),
    isFastest: m?.relative.isReference ?? false,
    pVsFastest: m?.welchVsFastest?.p ?? null,
    inProcessSeconds: o?.elapsedSeconds ?? null,
    latencyP50Ms: o?.latencyP50Ms ?? null,
    latencyP99Ms: o?.latencyP99Ms ?? null,
    peakRssBytes: o?.peakRssBytes ?? null,
    threads: o?.threads ?? null,
    pools: o?.pools ?? null,
    connectionsOpened: o?.connectionsOpened ?? null,
    maxInFlight: o?.maxConcurrency ?? null,
    threadStartupShare: o?.startupShare ?? null,
    failedRequests: o?.failedRequests ?? null,
    outcomes: o?.withOutcome ?? null,
    notFit: isNotFit(row) ? { ...row.entry, text: describeNotMeasured(row.entry) } : null,
    note,
  };
}

function comparisonData(comparison: Comparison | null) {
  return comparison ? { ratio: comparison.ratio.ratio, stddev: comparison.ratio.stddev, p: comparison.welch?.p ?? null, runs: comparison.welch?.n ?? null } : null;
}

export function jsonReport(table: Table): string {
  const data = {
    unit: 'seconds',
    relativeSpeed: 'times slower than the fastest strategy of the same run (hyperfine: >= 1, 1 = fastest)',
    pVsFastest: `two-sided p-value of Welch's t-test on the per-run times against the run's fastest; below ${SIGNIFICANCE}: they differ`,
    runs: table.runs.map((run) => ({
      label: run.label,
      file: run.file,
      hyperfineVersion: run.hyperfineVersion,
      machineLoad: runLoad(run.environment),
      settings: strategySettings(run.environment),
      outcomesFile: { file: run.outcomes.file, status: run.outcomes.status },
      environment: run.environment,
    })),
    rows: rowsInOrder(table).map(rowData),
    sideBySide: sideBySide(table).map((entry) => ({
      run: entry.run,
      originalOverOurs: entry.pairs.map((pair) => ({ strategy: pair.strategy, ours: pair.ours.result.mean, original: pair.original.result.mean, ...comparisonData(pair.originalOverOurs) })),
      threadsOverAsyncFor: entry.threadsVsAsync.map((t) => ({ strategy: t.strategy, ours: comparisonData(t.ours), original: comparisonData(t.original) })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

type RowData = ReturnType<typeof rowData>;
/** The CSV's columns: the JSON row's fields but these, snake_case, times in seconds marked _s. */
const NOT_IN_CSV: readonly (keyof RowData)[] = ['failedRequests', 'notFit'];
const TIMES = new Set(['mean', 'stddev', 'median', 'min', 'max', 'user', 'system']);
const csvName = (key: string): string => `${key.replace(/Seconds$/, 'S').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}${TIMES.has(key) ? '_s' : ''}`;

/** RFC 4180: quote fields containing a comma, quote or line break; double inner quotes. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvReport(table: Table): string {
  const rows = rowsInOrder(table).map(rowData);
  // Every export has a result, so there is a first row.
  const keys = (Object.keys(rows[0]!) as (keyof RowData)[]).filter((key) => !NOT_IN_CSV.includes(key));
  return `${[keys.map(csvName).join(','), ...rows.map((data) => keys.map((key) => csvField(data[key])).join(','))].join('\n')}\n`;
}
