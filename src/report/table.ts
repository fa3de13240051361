// The report's data model: one row per strategy per run, grouped by strategy so the
// runs being compared sit next to each other. Relative speed is computed within each
// run (against that run's fastest), exactly like hyperfine's own summary.
import type { CommandResult } from './hyperfine-export.js';
import { relativeSpeeds, type RelativeSpeed } from './relative-speed.js';
import type { Run } from './run-set.js';

export interface Row {
  strategy: string;
  run: string;
  runIndex: number;
  /** Measured runs behind the statistics, when the export says (times or exit codes). */
  count: number | null;
  result: CommandResult;
  relative: RelativeSpeed;
  /** Runs that exited non-zero or by a signal (hyperfine -i keeps timing them); null = unknown. */
  failedRuns: number | null;
}

export interface Table {
  runs: Run[];
  /** Strategy names in the order they first appear across the runs. */
  strategies: string[];
  rows: Row[];
}

function failedRuns(result: CommandResult): number | null {
  return result.exitCodes ? result.exitCodes.filter((code) => code !== 0).length : null;
}

export function buildTable(runs: Run[]): Table {
  const strategies: string[] = [];
  for (const run of runs) {
    for (const result of run.results) if (!strategies.includes(result.command)) strategies.push(result.command);
  }
  const rows: Row[] = [];
  const perRun = runs.map((run) => relativeSpeeds(run.results));
  for (const strategy of strategies) {
    runs.forEach((run, runIndex) => {
      run.results.forEach((result, index) => {
        if (result.command !== strategy) return;
        rows.push({
          strategy,
          run: run.label,
          runIndex,
          count: result.times?.length ?? result.exitCodes?.length ?? null,
          result,
          relative: perRun[runIndex]?.[index] as RelativeSpeed,
          failedRuns: failedRuns(result),
        });
      });
    });
  }
  return { runs, strategies, rows };
}

function listParameter(run: Run, key: string): string[] | null {
  const parameters = run.environment?.parameters;
  const value = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') return null;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Strategies the suite (scripts/run.sh) left out before timing (the machine cannot hold them): parameters.skipped. */
export function skippedStrategies(run: Run): string[] {
  const measured = new Set(run.results.map((result) => result.command));
  return (listParameter(run, 'skipped') ?? []).filter((name) => !measured.has(name));
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
  const accounted = new Set([...run.results.map((result) => result.command), ...skippedStrategies(run)]);
  return planned.filter((name) => !accounted.has(name));
}
