// The report's data model: one row per strategy per run, grouped by strategy so the runs being compared sit
// next to each other. Relative speed is computed within each run against its fastest, as hyperfine's own
// summary does, and tested with Welch's t-test on the per-run times: the tests of one run against its fastest
// answer one question, so they are Holm-corrected together (verdict.ts). The A/A control's second copy
// (`X (A/A)` beside `X`) is a row of its own, but neither the fastest nor one of those tests: it is a control.
import type { CommandResult } from '../runner/hyperfine-export.js';
import { relativeSpeeds, type RelativeSpeed } from './relative-speed.js';
import { notMeasured, parameter } from './run-record.js';
import type { Run } from './run-set.js';
import { strategyName } from './strategy-style.js';
import { testFamily } from './verdict.js';
import { AA_SUFFIX } from '../strategies/label.js';

/** Results by strategy name; two commands that would share a name keep their command text. */
function commandNames(results: readonly CommandResult[]): string[] {
  const names = results.map((result) => strategyName(result.command));
  return names.map((name, index) => (names.indexOf(name) !== names.lastIndexOf(name) ? (results[index] as CommandResult).command : name));
}

/** Per name of a run, the name it is the A/A copy of (`X` for `X (A/A)` when X is in the run too), else null. */
function controlsOf(names: readonly string[]): (string | null)[] {
  return names.map((name) => {
    const original = name.endsWith(AA_SUFFIX) ? name.slice(0, -AA_SUFFIX.length) : null;
    return original !== null && names.includes(original) ? original : null;
  });
}

/** The results by name, the A/A control's copies left out. */
export function strategyResults(results: readonly CommandResult[]): [string, CommandResult][] {
  const names = commandNames(results);
  const controls = controlsOf(names);
  return results.flatMap((result, i) => (controls[i] === null ? [[names[i] as string, result]] : []));
}

/** A/A copies right after the row they copy, the rest in order of first appearance. */
function orderNames(all: readonly string[], controls: ReadonlyMap<string, string>): string[] {
  const copies = new Set(controls.keys());
  return all.filter((name) => !copies.has(name) || !all.includes(controls.get(name) as string)).flatMap((name) => [name, ...all.filter((copy) => controls.get(copy) === name)]);
}

/**
 * `strategies` in the order they first appear across the runs, `rows` by strategy, then run; `notFit`: the strategies
 * the suite left out because the machine cannot hold their threads (a result of their run, placed where it planned them).
 */
export function buildTable(runs: Run[]) {
  const names = runs.map((run) => commandNames(run.results));
  const controls = names.map(controlsOf);
  const controlMap = new Map(names.flatMap((list, r) => list.flatMap((name, i) => (controls[r]![i] ? [[name, controls[r]![i]!] as const] : []))));
  const strategies = orderNames([...new Set(names.flat())], controlMap);
  const perRun = runs.map((run, r) => relativeSpeeds(run.results, (index) => controls[r]![index] === null));
  // Each run's tests against its fastest: one family, Holm-corrected together; the A/A copy and the fastest take no part.
  const perRunTests = runs.map((run, r) => {
    const relatives = perRun[r] as RelativeSpeed[];
    const fastest = run.results[relatives.findIndex((x) => x.isReference)] as CommandResult;
    return testFamily(run.results.map((result, index) => (relatives[index]!.isReference || controls[r]![index] !== null ? null : [result.times, fastest.times])));
  });
  const rows = strategies.flatMap((strategy) =>
    runs.flatMap((run, runIndex) => {
      const relatives = perRun[runIndex] as RelativeSpeed[];
      return run.results.flatMap((result, index) => {
        if (names[runIndex]?.[index] !== strategy) return [];
        const relative = relatives[index] as RelativeSpeed;
        // Measured runs behind the statistics, when the export says (times or exit codes).
        const count = result.times?.length ?? result.exitCodes?.length ?? null;
        // Runs that exited non-zero or by a signal (hyperfine -i keeps timing them); null = unknown.
        const failedRuns = result.exitCodes ? result.exitCodes.filter((code) => code !== 0).length : null;
        // The test against the run's fastest; null for the fastest itself, the A/A control's copy or without per-run times.
        const vsFastest = perRunTests[runIndex]![index] ?? null;
        // The A/A control's second copy: the name of the row it copies (`X` for `X (A/A)`); null for any other row.
        const controlOf = controls[runIndex]![index] ?? null;
        // Medians of what the measured invocations did; null when the outcomes file has none for this strategy.
        const outcome = run.outcomes.summaries.get(result.command.trim()) ?? run.outcomes.summaries.get(strategy) ?? null;
        return [{ strategy, run: run.label, runIndex, count, result, relative, failedRuns, vsFastest, controlOf, outcome }];
      });
    }),
  );
  const notFit = runs.flatMap((run, runIndex) => {
    const skipped = skippedStrategies(run);
    return (notMeasured(run.environment) ?? []).filter((entry) => skipped.includes(entry.strategy)).map((entry) => ({ strategy: entry.strategy, run: run.label, runIndex, entry }));
  });
  for (const { strategy, runIndex } of notFit) {
    if (strategies.includes(strategy)) continue;
    // Before the first strategy its run planned after it, so threads-map stays between threads-reuse and async-for.
    const planned = listParameter(runs[runIndex] as Run, 'strategies') ?? [];
    const later = planned.slice(planned.indexOf(strategy) + 1);
    const at = planned.includes(strategy) ? strategies.findIndex((name) => later.includes(name)) : -1;
    strategies.splice(at === -1 ? strategies.length : at, 0, strategy);
  }
  return { runs, strategies, rows, notFit };
}

export type Table = ReturnType<typeof buildTable>;
/** A measured strategy of a run; `strategy` is strategyName of hyperfine's command. */
export type Row = Table['rows'][number];
export type NotFitRow = Table['notFit'][number];

/** Measured rows and did-not-fit rows together, by strategy, then run. */
export function rowsInOrder(table: Table): (Row | NotFitRow)[] {
  const all = [...table.rows, ...table.notFit];
  return table.strategies.flatMap((strategy) => all.filter((row) => row.strategy === strategy).sort((a, b) => a.runIndex - b.runIndex));
}

export const isNotFit = (row: Row | NotFitRow): row is NotFitRow => 'entry' in row;

function listParameter(run: Run, key: string): string[] | null {
  const value = parameter(run.environment, key);
  return typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter((name) => name !== '') : null;
}

/**
 * Strategies the suite left out before timing because the machine cannot hold them: the
 * record's notMeasured verdicts, or parameters.skipped in older records.
 */
export function skippedStrategies(run: Run): string[] {
  const measured = new Set(commandNames(run.results));
  const verdicts = notMeasured(run.environment);
  const names = verdicts ? verdicts.map((entry) => entry.strategy) : (listParameter(run, 'skipped') ?? []);
  return names.filter((name) => !measured.has(name));
}

/**
 * Strategies the run's record says were planned (parameters.strategies, as the suite sets it)
 * but that have no result and were not skipped: hyperfine exports after each command, so a
 * run that stopped at a failing strategy leaves a valid but incomplete export.
 */
export function missingStrategies(run: Run): string[] {
  const planned = listParameter(run, 'strategies');
  // Other writers may record "all": no list to check against.
  if (planned === null || planned.join(',') === 'all') return [];
  // A sweep's commands name the strategy after the swept value ("work=1 ms async-for"): that counts too.
  const accounted = new Set([...commandNames(run.results), ...run.results.map((result) => strategyName(result.command)), ...skippedStrategies(run)]);
  return planned.filter((name) => !accounted.has(name));
}
