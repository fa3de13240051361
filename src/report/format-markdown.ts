// The Markdown report: the comparison table, hyperfine-style summaries with Welch's
// t-test, what each strategy did (from the same invocations), ours against the Python
// original, the settings used, caveats found in the data and the environment.
import { environmentRows } from './environment-view.js';
import { describeBusy, notMeasured, notMeasuredDetails, parameter, runLoad, strategySettings } from './run-record.js';
import { ASYNC_REFERENCE, sideBySide, type Comparison, type RunSideBySide } from './side-by-side.js';
import { ORIGINAL_PREFIX } from '../strategies/label.js';
import { isNotFit, missingStrategies, rowsInOrder, skippedStrategies, type Table } from './table.js';
import type { CommandResult } from '../runner/hyperfine-export.js';
import { formatBytes, formatCount, formatMilliseconds, formatRatio, formatRelative, formatShare, formatTime, unitFor, type TimeUnit } from './units.js';
import { differs, formatWelch, type WelchResult } from '../common/significance.js';

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table; cells escaped (| and line breaks). */
export function markdownTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const divider = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
  return [line(header), divider, ...rows.map(line)].join('\n');
}

/** The first columns of a table of strategies: the strategy, and its run when several runs are compared. */
function named<T extends string>(several: boolean, strategy: T, run: T): T[] {
  return several ? [strategy, run] : [strategy];
}

/** "0.962 ± 0.228", or the mean alone after a single run. */
function meanCell(r: CommandResult, unit: TimeUnit): string {
  return r.stddev === null ? formatTime(r.mean, unit) : `${formatTime(r.mean, unit)} ± ${formatTime(r.stddev, unit)}`;
}

/** The unit of every time in the report: the one the results table uses. */
export function tableUnit(table: Table): TimeUnit {
  return unitFor(table.rows.map((r) => r.result.mean));
}

/** The results table alone: the "Results" section of the Markdown report. */
export function resultsTable(table: Table, unit: TimeUnit = tableUnit(table)): string {
  const several = table.runs.length > 1;
  const u = `[${unit.name}]`;
  const header = [...named(several, 'Strategy', 'Run'), `Mean ± σ ${u}`, `Median ${u}`, `Min ${u}`, `Max ${u}`, `User ${u}`, `System ${u}`, 'Relative', 'Runs'];
  const rows = rowsInOrder(table).map((row) => {
    // A strategy that did not fit is a result too: a row that says so, not a gap.
    if (isNotFit(row)) return [...named(several, row.strategy, row.run), 'did not fit (see below)', '–', '–', '–', '–', '–', '–', '0'];
    const { result: r, relative } = row;
    const runs = `${row.count === null ? '–' : row.count}${row.failedRuns ? ` (${row.failedRuns} failed)` : ''}`;
    const times = [r.median, r.min, r.max, r.user, r.system].map((seconds) => formatTime(seconds, unit));
    return [...named(several, relative.isReference ? `**${row.strategy}**` : row.strategy, row.run), meanCell(r, unit), ...times, formatRelative(relative), runs];
  });
  return markdownTable(header, [...named(several, 'l', 'l'), 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], rows);
}

/** ", p = 1.2e-4 (Welch's t-test, 5 + 5 runs)", or the same said to be within noise. */
function welchClause(welch: WelchResult | null): string {
  if (welch === null) return ' (no per-run times in the export: not tested)';
  return differs(welch) ? `, ${formatWelch(welch)}` : `, but within noise: ${formatWelch(welch)}`;
}

/** hyperfine's "Summary" block for one run, each line with Welch's t-test against the fastest. */
export function summaryLines(table: Table, runIndex: number): string[] {
  const rows = table.rows.filter((row) => row.runIndex === runIndex);
  const reference = rows.find((row) => row.relative.isReference);
  const others = rows.filter((row) => row !== reference).sort((a, b) => a.result.mean - b.result.mean);
  if (!reference || others.length === 0) return [];
  return [
    `'${reference.strategy}' ran`,
    ...others.map((row) => {
      const { ratio, stddev } = row.relative;
      if (!Number.isFinite(ratio)) return `    (no ratio: a mean time is zero) '${row.strategy}'`;
      const error = stddev === null ? '' : ` ± ${stddev.toFixed(2)}`;
      return `${ratio.toFixed(2).padStart(8)}${error} times faster than '${row.strategy}'${welchClause(row.welchVsFastest)}`;
    }),
  ];
}

const BUSY = 'Other work competed for the CPU while it ran: its times are slower and noisier than on a quiet machine. Compare ratios within this run, and measure again on an idle machine before publishing.';

function caveats(table: Table): string[] {
  const notes: string[] = [];
  for (const run of table.runs) {
    const where = table.runs.length > 1 ? `${run.label}: ` : '';
    const [load, skipped, missing] = [runLoad(run.environment), skippedStrategies(run), missingStrategies(run)];
    if (load.busy) notes.push(`**${where}${describeBusy(load)}.** ${BUSY}`);
    if (notMeasured(run.environment)) {
      for (const { entry } of table.notFit.filter((row) => row.run === run.label)) notes.push(`**${where}${entry.strategy}: did not fit**: ${notMeasuredDetails(entry)}`);
    } else if (skipped.length > 0) {
      notes.push(`**${where}not measured: ${skipped.join(', ')}** (left out before timing because this machine cannot hold them; the run's log says why).`);
    }
    if (missing.length > 0) notes.push(`**${run.label}: incomplete, no results for ${missing.join(', ')}** (planned in its record; the run stopped before them, e.g. at a failing strategy).`);
  }
  // One line per kind of caveat and run, naming the strategies it concerns.
  const grouped = new Map<string, string[]>();
  const group = (run: string, message: string, strategy: string) => {
    const key = `${table.runs.length > 1 ? `${run}: ` : ''}${message}`;
    grouped.set(key, [...(grouped.get(key) ?? []), strategy]);
  };
  for (const row of table.rows) {
    const where = table.runs.length > 1 ? `${row.strategy} (${row.run})` : row.strategy;
    const codes = [...new Set(row.result.exitCodes?.filter((c) => c !== 0).map((c) => (c === null ? 'signal' : String(c))))];
    const failed = `**${where}: ${row.failedRuns} of ${row.count} measured runs failed** (exit ${codes.join(', ')}; hyperfine -i kept timing them).`;
    if (row.failedRuns) notes.push(`${failed} A failed run can be much faster or slower than a real one: do not compare this row.`);
    if (row.result.median === null) group(row.run, 'no median and no raw times in the export (older hyperfine); the chart marks the mean instead', row.strategy);
    else if (row.result.derived.length > 0) group(row.run, `${row.result.derived.join(', ')} computed from the raw times (the export predates those fields)`, row.strategy);
    if (row.result.stddev === null) group(row.run, 'a single measured run: no σ and no error on the ratio', row.strategy);
  }
  for (const [message, strategies] of grouped) notes.push(`${message} (${strategies.join(', ')}).`);
  return notes;
}

/** "What each strategy did": medians over the measured invocations' outcomes. */
function outcomesSection(table: Table, unit: TimeUnit): string[] {
  const several = table.runs.length > 1;
  const out: string[] = [
    '## What each strategy did (medians over the same measured runs)',
    '',
    'From the outcome each timed invocation wrote (`<name>.outcomes.jsonl`), the median over the measured (non-warmup) ones. ' +
      '**In-process** is the strategy\'s own clock (no process start-up); a **latency** runs from the moment the strategy hands a ' +
      'request over (issued on the event loop, or submitted to the thread pool) to its verified answer, so waiting for a connection ' +
      'or for a thread counts alike. **Thread start-up** is the share of the in-process time spent creating pools until their threads ' +
      'were ready. **Invocations** is how many outcomes each median rests on.',
    '',
  ];
  const missing = table.runs.filter((run) => run.outcomes.status !== 'found');
  const why = (run: (typeof missing)[number]) => (run.outcomes.status === 'missing' ? 'not found' : 'unreadable');
  for (const run of missing) out.push(`- No outcomes for **${run.label}**: \`${run.outcomes.file}\` ${why(run)} (older runs and plain hyperfine exports have none), so no rows for it.`);
  const rows = table.rows.filter((row) => table.runs[row.runIndex]?.outcomes.status === 'found');
  const silent = rows.filter((row) => (row.outcome?.withOutcome ?? 0) === 0);
  if (silent.length > 0) {
    const names = [...new Set(silent.map((row) => row.strategy))];
    const why = silent.every((row) => row.strategy.startsWith(ORIGINAL_PREFIX)) ? "the Python original's client writes none" : "only this project's client writes one";
    out.push(`- No outcome from ${names.join(', ')} (${why}).`);
  }
  const failing = rows.filter((row) => (row.outcome?.failedRequests ?? 0) > 0);
  for (const row of failing) out.push(`- **${row.strategy}${several ? ` (${row.run})` : ''}: ${row.outcome?.failedRequests} failed requests** over its measured runs.`);
  if (missing.length > 0 || silent.length > 0 || failing.length > 0) out.push('');
  const outcomes = outcomesTable(table, unit);
  if (outcomes !== null) out.push(outcomes, '');
  return out;
}

/** The table of "what each strategy did": one row per measured strategy with outcomes; null when none has one. */
export function outcomesTable(table: Table, unit: TimeUnit = tableUnit(table)): string | null {
  const several = table.runs.length > 1;
  const shown = table.rows.filter((row) => table.runs[row.runIndex]?.outcomes.status === 'found' && (row.outcome?.withOutcome ?? 0) > 0);
  if (shown.length === 0) return null;
  const header = [...named(several, 'Strategy', 'Run'), `In-process [${unit.name}]`, 'Latency p50 [ms]', 'Latency p99 [ms]', 'Peak RSS', 'Threads', 'Pools', 'Connections opened', 'Most in flight', 'Thread start-up', 'Invocations'];
  const body = shown.map((row) => {
    const o = row.outcome!;
    return [
      ...named(several, row.strategy, row.run),
      formatTime(o.elapsedSeconds, unit),
      formatMilliseconds(o.latencyP50Ms),
      formatMilliseconds(o.latencyP99Ms),
      formatBytes(o.peakRssBytes),
      ...[o.threads, o.pools, o.connectionsOpened, o.maxConcurrency].map(formatCount),
      formatShare(o.startupShare),
      o.withOutcome === o.measured ? String(o.withOutcome) : `${o.withOutcome} of ${o.measured}`,
    ];
  });
  return markdownTable(header, [...named(several, 'l', 'l'), ...header.slice(several ? 2 : 1).map(() => 'r' as const)], body);
}

function comparisonCell(comparison: Comparison | null): string {
  if (!comparison) return '–';
  const welch = comparison.welch ? `, ${formatWelch(comparison.welch)}` : '';
  return `${formatRatio(comparison.ratio.ratio, comparison.ratio.stddev)}${welch}`;
}

function verdict(comparison: Comparison): string {
  const welch = comparison.welch;
  if (!welch) return 'not tested (no per-run times)';
  if (!differs(welch)) return `within noise: ${formatWelch(welch)}`;
  return `${comparison.ratio.ratio > 1 ? 'ours' : "the original's"} faster: ${formatWelch(welch)}`;
}

/** The record's server says whose server it was; older records only have its address. */
function serverOf(table: Table, runIndex: number): string | null {
  const environment = table.runs[runIndex]?.environment;
  const { name, host, port } = (typeof environment?.server === 'object' && environment.server !== null ? environment.server : {}) as { name?: unknown; host?: unknown; port?: unknown };
  if (typeof name === 'string' && name !== '') return typeof host === 'string' && port !== undefined ? `${name}, ${host}:${String(port)}` : name;
  const server = parameter(environment ?? null, 'server');
  return typeof server === 'string' || typeof server === 'number' ? String(server) : null;
}

/** Ours against the Python original's client, per run that has both. */
function sideBySideSection(table: Table, runs: RunSideBySide[], unit: TimeUnit): string[] {
  const out: string[] = [
    '## Ours and the Python original, side by side',
    '',
    `Both clients in the same hyperfine run, against the same server: \`X\` is this project's client, \`${ORIGINAL_PREFIX}X\` the Python ` +
      "original's, run unchanged from its own checkout. **Original / ours** is the original's mean time over ours (above 1: ours is " +
      "faster), with hyperfine's error propagation; the difference is tested with Welch's t-test on the per-run times (p < 0.05: they differ).",
    '',
  ];
  const u = `[${unit.name}]`;
  for (const entry of runs) {
    const server = serverOf(table, entry.runIndex);
    if (table.runs.length > 1 || server) out.push(`### ${entry.run}${server ? ` (server: ${server})` : ''}`, '');
    const pairs = entry.pairs.map(({ strategy, ours, original, originalOverOurs: c }) => [strategy, meanCell(ours.result, unit), meanCell(original.result, unit), formatRatio(c.ratio.ratio, c.ratio.stddev), verdict(c)]);
    out.push(markdownTable(['Strategy', `Ours ${u}`, `Original ${u}`, 'Original / ours', 'Difference'], ['l', 'r', 'r', 'r', 'l'], pairs), '');
    if (entry.threadsVsAsync.length > 0) {
      out.push(
        `Threads vs async on each side, within this run: each thread strategy's mean time over the same side's \`${ASYNC_REFERENCE}\` ` +
          `(ours over \`${ASYNC_REFERENCE}\`, the original's over \`${ORIGINAL_PREFIX}${ASYNC_REFERENCE}\`): how many times longer the threads take than the event loop.`,
        '',
        markdownTable(['Thread strategy', `Ours: ÷ ${ASYNC_REFERENCE}`, `Original: ÷ ${ORIGINAL_PREFIX}${ASYNC_REFERENCE}`], ['l', 'r', 'r'], entry.threadsVsAsync.map((t) => [t.strategy, comparisonCell(t.ours), comparisonCell(t.original)])),
        '',
      );
    }
  }
  return out;
}

/** The hyperfine settings each strategy was measured with, when the record has them. */
function settingsSection(table: Table): string[] {
  const several = table.runs.length > 1;
  const rows = table.runs.flatMap((run) =>
    strategySettings(run.environment).map((s) => [...named(several, s.strategy, run.label), s.warmup === null ? '–' : String(s.warmup), s.runs === null ? '–' : String(s.runs), s.reason ?? '–']),
  );
  if (rows.length === 0) return [];
  return [
    '## Settings used',
    '',
    'The warmup and measured runs hyperfine was given for each strategy, and why (the record\'s `settings`).',
    '',
    markdownTable([...named(several, 'Strategy', 'Run'), 'Warmups', 'Runs', 'Why'], [...named(several, 'l', 'l'), 'r', 'r', 'l'], rows),
    '',
  ];
}

/** The whole report; `chartFile`: the relative path of the chart to embed, when one was written. */
export function markdownReport(table: Table, options: { chartFile?: string } = {}): string {
  const several = table.runs.length > 1;
  const unit = tableUnit(table);
  const out: string[] = [
    '# Benchmark report',
    '',
    'Whole-process wall-clock time of one `benchmark <strategy>` invocation, measured by hyperfine (start-up, all requests, exit). ' +
      'Lower is faster. **Relative** is how many times slower than the fastest strategy of the same run (bold), ' +
      "with hyperfine's error propagation; σ is the standard deviation over the measured runs. How to read it: docs/reports.md.",
    '',
    several ? '## Runs compared' : '## Run',
    '',
  ];
  for (const run of table.runs) {
    const version = run.hyperfineVersion ?? (typeof run.environment?.hyperfine === 'string' ? run.environment.hyperfine : null);
    const meta = run.environment ? `, environment from \`${run.metaFile}\`` : ', no environment record';
    const busy = runLoad(run.environment).busy ? ' (**busy machine**: see below)' : '';
    out.push(`- **${run.label}**: \`${run.file}\`${version ? ` (hyperfine ${version})` : ''}${meta}${busy}`);
  }
  out.push('', '## Results', '', resultsTable(table, unit), '');
  const notes = caveats(table);
  if (notes.length > 0) out.push(...notes.map((note) => `- ${note}`), '');
  if (options.chartFile) out.push(`![Median wall-clock time per strategy${several ? ' and run' : ''}, with spread](${options.chartFile})`, '');
  const summaries = table.runs.map((run, index) => ({ run, lines: summaryLines(table, index) })).filter((s) => s.lines.length > 0);
  if (summaries.length > 0) {
    out.push(
      "## Summary (hyperfine's, with Welch's t-test)",
      '',
      "Each ratio is tested with Welch's t-test on hyperfine's per-run times against the fastest: below p = 0.05 the two differ; " +
        'otherwise the difference is within noise. The run counts say what each test rests on.',
      '',
    );
    for (const { run, lines } of summaries) {
      if (several) out.push(`${run.label}:`, '');
      out.push('```', ...lines, '```', '');
    }
  }
  out.push(...outcomesSection(table, unit));
  const originals = sideBySide(table);
  if (originals.length > 0) out.push(...sideBySideSection(table, originals, unit));
  out.push(...settingsSection(table));
  const environment = environmentRows(table.runs).map((row) => [row.title, ...row.cells.map((c) => c ?? '–')]);
  if (environment.length > 0) out.push('## Environment', '', markdownTable(['', ...table.runs.map((run) => run.label)], ['l', ...table.runs.map(() => 'l' as const)], environment), '');
  return `${out.join('\n').trimEnd()}\n`;
}
