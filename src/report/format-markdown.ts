// The Markdown report: the comparison table, hyperfine-style summaries with Welch's t-test
// (Holm-corrected against the run's fastest, TOST where no difference is shown), the A/A control,
// what each strategy did (from the same invocations), ours against the Python original, the
// settings used, caveats found in the data and the environment. Text from the inputs lands
// escaped (markdown-text.ts).
import { environmentRows } from './environment-view.js';
import { describeBusy, notMeasured, notMeasuredDetails, parameter, runLoad, strategySettings } from './run-record.js';
import { ASYNC_REFERENCE, sideBySide, type Comparison, type RunSideBySide } from './side-by-side.js';
import { aaControl, type AaPair } from './aa-control.js';
import { ORIGINAL_PREFIX } from '../strategies/label.js';
import { isNotFit, missingStrategies, rowsInOrder, skippedStrategies, type Row, type Table } from './table.js';
import type { CommandResult } from '../runner/hyperfine-export.js';
import { formatBytes, formatCount, formatMilliseconds, formatRatio, formatRelative, formatShare, formatTime, unitFor, type TimeUnit } from './units.js';
import { formatP, SIGNIFICANCE } from '../common/significance.js';
import { describeTested, MARGIN, verdictOf, type Tested } from './verdict.js';
import { mdCode, mdCodeLine, mdText } from './markdown-text.js';

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ');
}

/** A Markdown table; cells escaped (| and line breaks). */
export function markdownTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const divider = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
  return [line(header), divider, ...rows.map(line)].join('\n');
}

/** A table of strategies: cells [strategy, run, ...], the run's column only when several runs are compared; those two left-aligned. */
function strategyTable(table: Table, header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const cut = <T>(cells: T[]): T[] => (table.runs.length > 1 ? cells : [cells[0]!, ...cells.slice(2)]);
  return markdownTable(cut(header), cut(['l', 'l', ...align]), rows.map(cut));
}

/** "0.962 ± 0.228", or the mean alone after a single run. */
function meanCell(r: CommandResult, unit: TimeUnit): string {
  return r.stddev === null ? formatTime(r.mean, unit) : `${formatTime(r.mean, unit)} ± ${formatTime(r.stddev, unit)}`;
}

/** The unit of every time in the report: the one the results table uses. */
export function tableUnit(table: Table): TimeUnit {
  return unitFor(table.rows.map((r) => r.result.mean));
}

/** A row's strategy as a cell: bold for the run's fastest, marked for the A/A control's copy. */
function strategyCell(row: Row): string {
  const name = mdText(row.strategy);
  if (row.controlOf !== null) return `${name} · A/A control`;
  return row.relative.isReference ? `**${name}**` : name;
}

/** The results table alone: the "Results" section of the Markdown report. */
export function resultsTable(table: Table, unit: TimeUnit = tableUnit(table)): string {
  const u = `[${unit.name}]`;
  const header = ['Strategy', 'Run', `Mean ± σ ${u}`, `Median ${u}`, `Min ${u}`, `Max ${u}`, `User ${u}`, `System ${u}`, 'Relative', 'Runs'];
  const rows = rowsInOrder(table).map((row) => {
    // A strategy that did not fit is a result too: a row that says so, not a gap.
    if (isNotFit(row)) return [mdText(row.strategy), mdText(row.run), 'did not fit (see below)', '–', '–', '–', '–', '–', '–', '0'];
    const { result: r, relative } = row;
    const runs = `${row.count === null ? '–' : row.count}${row.failedRuns ? ` (${row.failedRuns} failed)` : ''}`;
    const times = [r.median, r.min, r.max, r.user, r.system].map((seconds) => formatTime(seconds, unit));
    return [strategyCell(row), mdText(row.run), meanCell(r, unit), ...times, formatRelative(relative), runs];
  });
  return strategyTable(table, header, header.slice(2).map(() => 'r'), rows);
}

/** ", Holm-corrected p = 1.2e-4 (Welch's t-test, ...)", or ", but no difference shown (...), equal within ±5% (...)". */
function testClause(tested: Tested | null): string {
  if (tested === null) return ' (no per-run times in the export: not tested)';
  return verdictOf(tested) === 'differ' ? `, ${describeTested(tested)}` : `, but ${describeTested(tested)}`;
}

/** hyperfine's "Summary" block for one run, each line with its test against the fastest (the A/A copy has a section of its own). */
export function summaryLines(table: Table, runIndex: number): string[] {
  const rows = table.rows.filter((row) => row.runIndex === runIndex);
  const reference = rows.find((row) => row.relative.isReference);
  const others = rows.filter((row) => row !== reference && row.controlOf === null).sort((a, b) => a.result.mean - b.result.mean);
  if (!reference || others.length === 0) return [];
  return [
    `'${mdCodeLine(reference.strategy)}' ran`,
    ...others.map((row) => {
      const { ratio, stddev } = row.relative;
      if (!Number.isFinite(ratio)) return `    (no ratio: a mean time is zero) '${mdCodeLine(row.strategy)}'`;
      const error = stddev === null ? '' : ` ± ${stddev.toFixed(2)}`;
      return `${ratio.toFixed(2).padStart(8)}${error} times faster than '${mdCodeLine(row.strategy)}'${testClause(row.vsFastest)}`;
    }),
  ];
}

const BUSY = 'Other work competed for the CPU while it ran: its times are slower and noisier than on a quiet machine. Compare ratios within this run, and measure again on an idle machine before publishing.';

function caveats(table: Table): string[] {
  const notes: string[] = [];
  for (const run of table.runs) {
    const where = table.runs.length > 1 ? `${mdText(run.label)}: ` : '';
    const [load, skipped, missing] = [runLoad(run.environment), skippedStrategies(run), missingStrategies(run)];
    if (load.busy) notes.push(`**${where}${describeBusy(load)}.** ${BUSY}`);
    if (notMeasured(run.environment)) {
      for (const { entry } of table.notFit.filter((row) => row.run === run.label)) notes.push(`**${where}${mdText(entry.strategy)}: did not fit**: ${mdText(notMeasuredDetails(entry))}`);
    } else if (skipped.length > 0) {
      notes.push(`**${where}not measured: ${mdText(skipped.join(', '))}** (left out before timing because this machine cannot hold them; the run's log says why).`);
    }
    if (missing.length > 0) notes.push(`**${mdText(run.label)}: incomplete, no results for ${mdText(missing.join(', '))}** (planned in its record; the run stopped before them, e.g. at a failing strategy).`);
  }
  // One line per kind of caveat and run, naming the strategies it concerns.
  const grouped = new Map<string, string[]>();
  const group = (run: string, message: string, strategy: string) => {
    const key = `${table.runs.length > 1 ? `${mdText(run)}: ` : ''}${message}`;
    grouped.set(key, [...(grouped.get(key) ?? []), mdText(strategy)]);
  };
  for (const row of table.rows) {
    const where = mdText(table.runs.length > 1 ? `${row.strategy} (${row.run})` : row.strategy);
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

/** "The A/A control": each pair's ratio, test and equivalence test, and how many came out p < 0.05. */
function aaSection(table: Table, pairs: readonly AaPair[], unit: TimeUnit): string[] {
  const several = table.runs.length > 1;
  const out: string[] = [
    '## The A/A control',
    '',
    '`X (A/A)` is a second copy of the command `X`, timed in the same interleaved rounds: the two run the same code and cannot differ ' +
      `but by chance and drift. Their test checks the method: at p < ${SIGNIFICANCE} about 1 A/A test in 20 comes out "different" by chance, ` +
      "and many more than that would say the rounds do not hold drift off. The copy is a control: it is neither the run's fastest nor one of " +
      'the comparisons against it. **A/A / X** is the copy\'s mean time over the original\'s, with its 95% confidence interval; each pair is ' +
      `tested on its own (Welch's t-test, no correction), with the equivalence test (TOST, ${MARGIN} of X's mean).`,
    '',
  ];
  const u = `[${unit.name}]`;
  const body = pairs.map((pair) => {
    const ratio = pair.ratio ? formatRatio(pair.ratio.ratio, pair.ratio.stddev) : 'n/a';
    const interval = pair.interval ? `${pair.interval.low.toFixed(3)}–${pair.interval.high.toFixed(3)}` : '–';
    const welch = pair.welch ? `${formatP(pair.welch.p)} (${pair.welch.n[0]} + ${pair.welch.n[1]} runs)` : 'not tested (no per-run times)';
    const tost = pair.equivalence ? (pair.equivalence.equivalent ? `equal within ${MARGIN} (TOST ${formatP(pair.equivalence.p)})` : `not shown equal (TOST ${formatP(pair.equivalence.p)})`) : '–';
    return [mdText(pair.strategy), mdText(pair.run), meanCell(pair.original.result, unit), meanCell(pair.copy.result, unit), ratio, interval, welch, tost];
  });
  out.push(strategyTable(table, ['Command X', 'Run', `X ${u}`, `X (A/A) ${u}`, 'A/A / X', '95% CI', "Welch's p", `TOST ${MARGIN}`], ['r', 'r', 'r', 'r', 'l', 'l'], body), '');
  const count = (list: readonly AaPair[]) => {
    const tested = list.filter((pair) => pair.welch !== null);
    const below = tested.filter((pair) => pair.welch!.p < SIGNIFICANCE).length;
    return `${below} of ${tested.length} A/A ${tested.length === 1 ? 'test' : 'tests'} came out p < ${SIGNIFICANCE} (expected by chance: about 1 in 20)`;
  };
  if (several) {
    for (const run of table.runs) {
      const ofRun = pairs.filter((pair) => pair.run === run.label);
      if (ofRun.length > 0) out.push(`- ${mdText(run.label)}: ${count(ofRun)}.`);
    }
    out.push(`- All runs: ${count(pairs)}.`, '');
  } else {
    out.push(`${count(pairs)}.`, '');
  }
  return out;
}

/** Whether any outcome measured the CPU of its --work-ms work: the column is shown then. */
const hasWork = (table: Table): boolean => table.rows.some((row) => row.outcome?.workCpuMsPerResponse != null);

/** "What each strategy did": medians over the measured invocations' outcomes. */
function outcomesSection(table: Table, unit: TimeUnit): string[] {
  const several = table.runs.length > 1;
  const out: string[] = [
    '## What each strategy did (medians over the same measured runs)',
    '',
    'From the outcome each timed invocation wrote (`<name>.outcomes.jsonl`), the median over the measured (non-warmup) ones. ' +
      "**In-process** is the strategy's own clock (no process start-up). A request's latency is given two ways. **From start** runs from " +
      "the start of the strategy's clock to the request's verified answer: every strategy's requests are measured from the same moment, so " +
      'this is the latency that compares across strategies (outcomes written before it was measured have none: the columns are left out then). **From hand-over** runs from the moment the strategy hands the request over ' +
      '(issued on the event loop, or submitted to the thread pool) to its verified answer: it shows each strategy\'s admission (a strategy ' +
      'that hands requests over only when a thread or a chunk is free shows short latencies here while its requests waited before), so it ' +
      'does not compare across strategies. ' +
      (hasWork(table) ? '**Work CPU per response** is the CPU time the `--work-ms` work really took per response, measured on the thread that did it (the nominal figure is `--work-ms`). ' : '') +
      '**Thread start-up** is the time from creating each pool until all its threads were ready, as a share of ' +
      'the in-process time: an upper bound on what start-up cost, since threads that were ready already served meanwhile. ' +
      '**Invocations** is how many outcomes each median rests on.',
    '',
  ];
  const missing = table.runs.filter((run) => run.outcomes.status !== 'found');
  const why = (run: (typeof missing)[number]) => (run.outcomes.status === 'missing' ? 'not found' : 'unreadable');
  for (const run of missing) out.push(`- No outcomes for **${mdText(run.label)}**: ${mdCode(run.outcomes.file)} ${why(run)} (older runs and plain hyperfine exports have none), so no rows for it.`);
  const rows = table.rows.filter((row) => table.runs[row.runIndex]?.outcomes.status === 'found');
  const silent = rows.filter((row) => (row.outcome?.withOutcome ?? 0) === 0);
  if (silent.length > 0) {
    const names = [...new Set(silent.map((row) => row.strategy))];
    const why = silent.every((row) => row.strategy.startsWith(ORIGINAL_PREFIX)) ? "the Python original's client writes none" : "only this project's client writes one";
    out.push(`- No outcome from ${mdText(names.join(', '))} (${why}).`);
  }
  const failing = rows.filter((row) => (row.outcome?.failedRequests ?? 0) > 0);
  for (const row of failing) out.push(`- **${mdText(row.strategy)}${several ? ` (${mdText(row.run)})` : ''}: ${row.outcome?.failedRequests} failed requests** over its measured runs.`);
  if (missing.length > 0 || silent.length > 0 || failing.length > 0) out.push('');
  const outcomes = outcomesTable(table, unit);
  if (outcomes !== null) out.push(outcomes, '');
  return out;
}

/**
 * The table of "what each strategy did": one row per measured strategy with outcomes; null when none has one.
 * Work CPU per response is a column only when some outcome measured it.
 */
export function outcomesTable(table: Table, unit: TimeUnit = tableUnit(table)): string | null {
  const shown = table.rows.filter((row) => table.runs[row.runIndex]?.outcomes.status === 'found' && (row.outcome?.withOutcome ?? 0) > 0);
  if (shown.length === 0) return null;
  const work = hasWork(table);
  // Outcomes written before latency from the start existed have none: no column of dashes for them.
  const fromStart = shown.some((row) => row.outcome?.latencyFromStartP50Ms != null);
  const header = [
    'Strategy',
    'Run',
    `In-process [${unit.name}]`,
    ...(fromStart ? ['From start p50 [ms]', 'From start p99 [ms]'] : []),
    'From hand-over p50 [ms]',
    'From hand-over p99 [ms]',
    'Peak RSS',
    'Threads',
    'Pools',
    'Connections opened',
    'Most in flight',
    ...(work ? ['Work CPU per response [ms]'] : []),
    'Thread start-up (until pools ready, at most)',
    'Invocations',
  ];
  const body = shown.map((row) => {
    const o = row.outcome!;
    return [
      row.controlOf === null ? mdText(row.strategy) : `${mdText(row.strategy)} · A/A control`,
      mdText(row.run),
      formatTime(o.elapsedSeconds, unit),
      ...(fromStart ? [o.latencyFromStartP50Ms ?? null, o.latencyFromStartP99Ms ?? null] : []).map(formatMilliseconds),
      ...[o.latencyP50Ms, o.latencyP99Ms].map(formatMilliseconds),
      formatBytes(o.peakRssBytes),
      ...[o.threads, o.pools, o.connectionsOpened, o.maxConcurrency].map(formatCount),
      ...(work ? [formatMilliseconds(o.workCpuMsPerResponse ?? null)] : []),
      formatShare(o.startupShare),
      o.withOutcome === o.measured ? String(o.withOutcome) : `${o.withOutcome} of ${o.measured}`,
    ];
  });
  return strategyTable(table, header, header.slice(2).map(() => 'r'), body);
}

/** "2.41 ± 0.12, Holm-corrected p = ... (...)" for a threads-over-async cell. */
function comparisonCell(comparison: Comparison | null): string {
  if (!comparison) return '–';
  const ratio = formatRatio(comparison.ratio.ratio, comparison.ratio.stddev);
  return comparison.tested ? `${ratio}, ${describeTested(comparison.tested)}` : `${ratio} (not tested: no per-run times)`;
}

/** The side-by-side verdict: which client is faster, with the corrected test; else no difference shown, with TOST. */
function verdict(comparison: Comparison): string {
  const tested = comparison.tested;
  if (!tested) return 'not tested (no per-run times)';
  if (verdictOf(tested) !== 'differ') return describeTested(tested);
  return `${comparison.ratio.ratio > 1 ? 'ours' : "the original's"} faster: ${describeTested(tested)}`;
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
      "faster), with hyperfine's error propagation. The pairs of a run answer one question (which client is faster?): each is tested with " +
      "Welch's t-test on the per-run times, Holm-corrected over the run's pairs, and a client is called faster only below " +
      `p = ${SIGNIFICANCE} after it. Where no difference is shown, the equivalence test (TOST, ${MARGIN} of ours) says whether the two are equal ` +
      'or not told apart.',
    '',
  ];
  const u = `[${unit.name}]`;
  for (const entry of runs) {
    const server = serverOf(table, entry.runIndex);
    if (table.runs.length > 1 || server) out.push(`### ${mdText(entry.run)}${server ? ` (server: ${mdText(server)})` : ''}`, '');
    const pairs = entry.pairs.map(({ strategy, ours, original, originalOverOurs: c }) => [mdText(strategy), meanCell(ours.result, unit), meanCell(original.result, unit), formatRatio(c.ratio.ratio, c.ratio.stddev), verdict(c)]);
    out.push(markdownTable(['Strategy', `Ours ${u}`, `Original ${u}`, 'Original / ours', 'Difference'], ['l', 'r', 'r', 'r', 'l'], pairs), '');
    if (entry.threadsVsAsync.length > 0) {
      out.push(
        `Threads vs async on each side, within this run: each thread strategy's mean time over the same side's \`${ASYNC_REFERENCE}\` ` +
          `(ours over \`${ASYNC_REFERENCE}\`, the original's over \`${ORIGINAL_PREFIX}${ASYNC_REFERENCE}\`): how many times longer the threads take than the event loop. ` +
          "These tests are one question too (do threads take longer than the event loop?): Holm-corrected over the run's comparisons.",
        '',
        markdownTable(['Thread strategy', `Ours: ÷ ${ASYNC_REFERENCE}`, `Original: ÷ ${ORIGINAL_PREFIX}${ASYNC_REFERENCE}`], ['l', 'r', 'r'], entry.threadsVsAsync.map((t) => [mdText(t.strategy), comparisonCell(t.ours), comparisonCell(t.original)])),
        '',
      );
    }
  }
  return out;
}

/** The hyperfine settings each strategy was measured with, when the record has them. */
function settingsSection(table: Table): string[] {
  const rows = table.runs.flatMap((run) =>
    strategySettings(run.environment).map((s) => [mdText(s.strategy), mdText(run.label), s.warmup === null ? '–' : String(s.warmup), s.runs === null ? '–' : String(s.runs), s.reason === null ? '–' : mdText(s.reason)]),
  );
  if (rows.length === 0) return [];
  return [
    '## Settings used',
    '',
    'The warmup and measured runs hyperfine was given for each strategy, and why (the record\'s `settings`).',
    '',
    strategyTable(table, ['Strategy', 'Run', 'Warmups', 'Runs', 'Why'], ['r', 'r', 'l'], rows),
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
    const meta = run.environment ? `, environment from ${mdCode(run.metaFile)}` : ', no environment record';
    const busy = runLoad(run.environment).busy ? ' (**busy machine**: see below)' : '';
    out.push(`- **${mdText(run.label)}**: ${mdCode(run.file)}${run.hyperfineVersion ? ` (hyperfine ${mdText(run.hyperfineVersion)})` : ''}${meta}${busy}`);
  }
  out.push('', '## Results', '', resultsTable(table, unit), '');
  const aa = aaControl(table);
  if (aa.length > 0) out.push('The row marked **A/A control** is the second copy of a command (see "The A/A control" below): shown, but neither the fastest nor compared with it.', '');
  const notes = caveats(table);
  if (notes.length > 0) out.push(...notes.map((note) => `- ${note}`), '');
  if (options.chartFile) out.push(`![Median wall-clock time per strategy${several ? ' and run' : ''}, with spread](${options.chartFile})`, '');
  const summaries = table.runs.map((run, index) => ({ run, lines: summaryLines(table, index) })).filter((s) => s.lines.length > 0);
  if (summaries.length > 0) {
    out.push(
      "## Summary (hyperfine's, with Welch's t-test)",
      '',
      "Each ratio is tested with Welch's t-test on hyperfine's per-run times against the run's fastest. The tests of one run answer one " +
        "question (which strategies are slower than the fastest?), so their p-values are corrected together with Holm's method: below " +
        `p = ${SIGNIFICANCE} after the correction the two differ. Otherwise no difference is shown, which is not "equal": the equivalence test ` +
        `(TOST) then says whether the two are equal within ${MARGIN} of the fastest's mean, or not told apart. The run counts say what each test rests on.`,
      '',
    );
    for (const { run, lines } of summaries) {
      if (several) out.push(`${mdText(run.label)}:`, '');
      out.push('```', ...lines, '```', '');
    }
  }
  if (aa.length > 0) out.push(...aaSection(table, aa, unit));
  out.push(...outcomesSection(table, unit));
  const originals = sideBySide(table);
  if (originals.length > 0) out.push(...sideBySideSection(table, originals, unit));
  out.push(...settingsSection(table));
  const environment = environmentRows(table.runs).map((row) => [mdText(row.title), ...row.cells.map((c) => (c === null ? '–' : mdText(c)))]);
  if (environment.length > 0) out.push('## Environment', '', markdownTable(['', ...table.runs.map((run) => mdText(run.label))], ['l', ...table.runs.map(() => 'l' as const)], environment), '');
  return `${out.join('\n').trimEnd()}\n`;
}
