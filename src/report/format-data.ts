// Machine-readable forms of the table: JSON (with the runs' environment records) and
// CSV (one row per strategy per run). Times are in seconds, as in hyperfine's exports.
// A strategy that did not fit the machine is a row too (status "did not fit").
import { notMeasuredDetails, runLoad, strategySettings } from './run-record.js';
import { sideBySide, type Comparison } from './side-by-side.js';
import { aaControl } from './aa-control.js';
import { isNotFit, rowsInOrder, type NotFitRow, type Row, type Table } from './table.js';
import { MARGIN, testedData, verdictOf } from './verdict.js';
import { SIGNIFICANCE } from '../common/significance.js';
import type { OutcomeSummary } from './outcomes.js';

/** Bumped when a field of `report -f json` (or a CSV column) changes meaning; the reports before it had none (1). */
export const REPORT_SCHEMA_VERSION = 2;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** fastest, slower, equal within ±5%, not told apart, not tested, A/A control, did not fit. */
function verdictVsFastest(row: Row | NotFitRow): string {
  if (isNotFit(row)) return 'did not fit';
  if (row.controlOf !== null) return 'A/A control';
  if (row.relative.isReference) return 'fastest';
  if (!row.vsFastest) return 'not tested';
  const verdict = verdictOf(row.vsFastest);
  return verdict === 'differ' ? 'slower' : verdict === 'equal' ? `equal within ${MARGIN}` : verdict;
}

/** hyperfine's figures of a row, in seconds (the CSV marks them _s). */
const TIME_FIELDS = ['mean', 'stddev', 'median', 'min', 'max', 'user', 'system'] as const;
/** What the strategy did (the outcomes' medians), as a row names it: [the row's name, the summary's] where they differ. */
const OUTCOME_FIELDS = [
  ['inProcessSeconds', 'elapsedSeconds'], 'latencyFromStartP50Ms', 'latencyFromStartP90Ms', 'latencyFromStartP99Ms', 'latencyFromStartMaxMs',
  'latencyP50Ms', 'latencyP99Ms', 'peakRssBytes', 'threads', 'pools', 'connectionsOpened', ['maxInFlight', 'maxConcurrency'],
  'threadStartupSeconds', ['threadStartupShare', 'startupShare'], 'workCpuMsPerResponse', 'workThread', 'teardownSeconds', 'warmRequests',
  'failedRequests', ['outcomes', 'withOutcome'],
] as const satisfies readonly (keyof OutcomeSummary | readonly [string, keyof OutcomeSummary])[];

/** One row's fields, in the order of the JSON rows and the CSV columns; a did-not-fit row is null where it has no figure. */
function rowData(row: Row | NotFitRow) {
  const m = isNotFit(row) ? null : row;
  const [r, o] = [m?.result, m?.outcome];
  const note = isNotFit(row) ? `did not fit: ${notMeasuredDetails(row.entry)}` : null;
  return {
    strategy: row.strategy,
    run: row.run,
    status: m ? 'measured' : 'did not fit',
    ...Object.fromEntries(TIME_FIELDS.map((key) => [key, r?.[key] ?? null])),
    runs: m ? m.count : 0,
    failedRuns: m?.failedRuns ?? null,
    relativeSpeed: m ? finite(m.relative.ratio) : null,
    // hyperfine shows no error on the reference itself (it is 1 by definition).
    relativeSpeedStddev: !m || m.relative.isReference ? null : finite(m.relative.stddev),
    isFastest: m?.relative.isReference ?? false,
    pVsFastest: m?.vsFastest?.p ?? null,
    pVsFastestUncorrected: m?.vsFastest?.welch.p ?? null,
    tostPVsFastest: m?.vsFastest?.equivalence?.p ?? null,
    verdictVsFastest: verdictVsFastest(row),
    /** The A/A control's copy: the command it copies; null for every other row. */
    aaControlOf: m?.controlOf ?? null,
    ...Object.fromEntries(
      OUTCOME_FIELDS.map((field) => (typeof field === 'string' ? [field, o?.[field] ?? null] : [field[0], o?.[field[1]] ?? null])),
    ),
    notFit: isNotFit(row) ? { ...row.entry, text: note } : null,
    note,
  };
}

function comparisonData(comparison: Comparison | null) {
  if (!comparison) return null;
  const tested = testedData(comparison.tested);
  return { ratio: comparison.ratio.ratio, stddev: comparison.ratio.stddev, p: tested?.p ?? null, pUncorrected: tested?.pUncorrected ?? null, runs: tested?.runs ?? null, equivalence: tested?.equivalence ?? null, verdict: tested?.verdict ?? null };
}

export function jsonReport(table: Table): string {
  const data = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    unit: 'seconds',
    relativeSpeed: 'times slower than the fastest strategy of the same run (hyperfine: >= 1, 1 = fastest); the A/A control\'s copy: its mean over the fastest\'s',
    pVsFastest: `two-sided p-value of Welch's t-test on the per-run times against the run's fastest, Holm-corrected over the run's comparisons; below ${SIGNIFICANCE}: they differ (pVsFastestUncorrected: before the correction)`,
    tostPVsFastest: `where no difference is shown: the equivalence test (TOST) that the mean is within ${MARGIN} of the fastest's; below ${SIGNIFICANCE}: equal within ${MARGIN}, else not told apart`,
    latency: 'latencyFromStart*: from the start of the strategy\'s clock to the verified answer (compares across strategies); latencyP50Ms, latencyP99Ms: from the strategy\'s hand-over of the request (its admission)',
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
    aaControl: aaControl(table).map((pair) => ({
      run: pair.run,
      strategy: pair.strategy,
      control: pair.control,
      ratio: pair.ratio?.ratio ?? null,
      stddev: pair.ratio?.stddev ?? null,
      interval: pair.interval && { low: pair.interval.low, high: pair.interval.high, level: pair.interval.level },
      p: pair.welch?.p ?? null,
      runs: pair.welch?.n ?? null,
      significant: pair.welch ? pair.welch.p < SIGNIFICANCE : null,
      equivalence: pair.equivalence && { p: pair.equivalence.p, margin: pair.equivalence.margin, equivalent: pair.equivalence.equivalent },
    })),
    sideBySide: sideBySide(table).map((entry) => ({
      run: entry.run,
      originalOverOurs: entry.pairs.map((pair) => ({ strategy: pair.strategy, ours: pair.ours.result.mean, original: pair.original.result.mean, ...comparisonData(pair.originalOverOurs) })),
      threadsOverAsyncFor: entry.threadsVsAsync.map((t) => ({ strategy: t.strategy, ours: comparisonData(t.ours), original: comparisonData(t.original) })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The CSV's columns: the JSON row's fields but these, snake_case, times in seconds marked _s. */
const NOT_IN_CSV = ['failedRequests', 'notFit'];
const TIMES = new Set<string>(TIME_FIELDS);
const csvName = (key: string): string => `${key.replace(/Seconds$/, 'S').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}${TIMES.has(key) ? '_s' : ''}`;

/**
 * RFC 4180: quote fields containing a comma, quote or line break; double inner quotes. A text cell
 * that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a CR) gets a leading
 * single quote; numbers are written as numbers, never touched.
 */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvReport(table: Table): string {
  const rows: Record<string, unknown>[] = rowsInOrder(table).map(rowData);
  // Every export has a result, so there is a first row.
  const keys = Object.keys(rows[0]!).filter((key) => !NOT_IN_CSV.includes(key));
  return `${[keys.map(csvName).join(','), ...rows.map((data) => keys.map((key) => csvField(data[key])).join(','))].join('\n')}\n`;
}
