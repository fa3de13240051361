// Machine-readable forms of the table: JSON (with the runs' environment records) and
// CSV (one row per strategy per run). Times are in seconds, as in hyperfine's exports.
// A strategy that did not fit the machine is a row too (status "did not fit").
import type { OutcomeSummary } from './outcomes.js';
import { describeNotMeasured, runLoad, strategySettings, type NotMeasured } from './run-record.js';
import { sideBySide, type Comparison } from './side-by-side.js';
import { isNotFit, rowsInOrder, type Row, type Table } from './table.js';
import { SIGNIFICANCE } from '../common/significance.js';

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

const NO_OUTCOME: Record<keyof OutcomeSummary, null> = {
  measured: null,
  withOutcome: null,
  elapsedSeconds: null,
  latencyP50Ms: null,
  latencyP99Ms: null,
  peakRssBytes: null,
  threads: null,
  pools: null,
  connectionsOpened: null,
  maxConcurrency: null,
  startupShare: null,
  failedRequests: null,
};

function outcomeData(outcome: OutcomeSummary | null) {
  const o = outcome ?? NO_OUTCOME;
  return {
    inProcessSeconds: o.elapsedSeconds,
    latencyP50Ms: o.latencyP50Ms,
    latencyP99Ms: o.latencyP99Ms,
    peakRssBytes: o.peakRssBytes,
    threads: o.threads,
    pools: o.pools,
    connectionsOpened: o.connectionsOpened,
    maxInFlight: o.maxConcurrency,
    threadStartupShare: o.startupShare,
    failedRequests: o.failedRequests,
    outcomes: o.withOutcome,
  };
}

function rowData(row: Row) {
  const r = row.result;
  return {
    strategy: row.strategy,
    run: row.run,
    status: 'measured' as string,
    mean: r.mean as number | null,
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
    pVsFastest: row.welchVsFastest?.p ?? null,
    ...outcomeData(row.outcome),
    notFit: null as (NotMeasured & { text: string }) | null,
    note: null as string | null,
  };
}

type RowData = ReturnType<typeof rowData>;

function notFitData(entry: NotMeasured, run: string): RowData {
  return {
    strategy: entry.strategy,
    run,
    status: 'did not fit',
    mean: null,
    stddev: null,
    median: null,
    min: null,
    max: null,
    user: null,
    system: null,
    runs: 0,
    failedRuns: null,
    relativeSpeed: null,
    relativeSpeedStddev: null,
    isFastest: false,
    pVsFastest: null,
    ...outcomeData(null),
    notFit: { ...entry, text: describeNotMeasured(entry) },
    note: describeNotMeasured(entry),
  };
}

/** Every row, by strategy then run: the measured ones and those that did not fit. */
function allRows(table: Table): RowData[] {
  return rowsInOrder(table).map((row) => (isNotFit(row) ? notFitData(row.entry, row.run) : rowData(row)));
}

function comparisonData(comparison: Comparison | null) {
  return comparison ? { ratio: comparison.ratio.ratio, stddev: comparison.ratio.stddev, p: comparison.welch?.p ?? null, runs: comparison.welch?.n ?? null } : null;
}

export function jsonReport(table: Table): string {
  const data = {
    unit: 'seconds',
    relativeSpeed: 'times slower than the fastest strategy of the same run (hyperfine: >= 1, 1 = fastest)',
    pVsFastest: `two-sided p-value of Welch's t-test on the per-run times against the run's fastest; below ${SIGNIFICANCE}: they differ`,
    runs: table.runs.map((run) => {
      const load = runLoad(run.environment);
      return {
        label: run.label,
        file: run.file,
        hyperfineVersion: run.hyperfineVersion,
        machineLoad: load,
        settings: strategySettings(run.environment),
        outcomesFile: { file: run.outcomes.file, status: run.outcomes.status },
        environment: run.environment,
      };
    }),
    rows: allRows(table),
    sideBySide: sideBySide(table).map((entry) => ({
      run: entry.run,
      originalOverOurs: entry.pairs.map((pair) => ({ strategy: pair.strategy, ours: pair.ours.result.mean, original: pair.original.result.mean, ...comparisonData(pair.originalOverOurs) })),
      threadsOverAsyncFor: entry.threadsVsAsync.map((t) => ({ strategy: t.strategy, ours: comparisonData(t.ours), original: comparisonData(t.original) })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const CSV_COLUMNS = [
  ['strategy', 'strategy'],
  ['run', 'run'],
  ['status', 'status'],
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
  ['p_vs_fastest', 'pVsFastest'],
  ['in_process_s', 'inProcessSeconds'],
  ['latency_p50_ms', 'latencyP50Ms'],
  ['latency_p99_ms', 'latencyP99Ms'],
  ['peak_rss_bytes', 'peakRssBytes'],
  ['threads', 'threads'],
  ['pools', 'pools'],
  ['connections_opened', 'connectionsOpened'],
  ['max_in_flight', 'maxInFlight'],
  ['thread_startup_share', 'threadStartupShare'],
  ['outcomes', 'outcomes'],
  ['note', 'note'],
] as const;

/** RFC 4180: quote fields containing a comma, quote or line break; double inner quotes. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvReport(table: Table): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const data of allRows(table)) lines.push(CSV_COLUMNS.map(([, key]) => csvField(data[key])).join(','));
  return `${lines.join('\n')}\n`;
}
