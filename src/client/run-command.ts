import { appendFileSync } from 'node:fs';
import { describeError, fail, reportError, USAGE_EXIT_CODE, UsageError } from '../common/usage.js';
import { targetFromEnvironment } from '../common/target.js';
import { defaultWorkers, findStrategy, STRATEGIES } from '../strategies/registry.js';
import { checkClientLimits } from '../strategies/limits.js';
import { formatFailures, formatHuman } from '../outcome/print.js';
import type { RunFlags } from './run-flags.js';
import { runStrategy } from './run.js';

export const STRATEGY_NAMES = STRATEGIES.map((s) => s.name).join(', ');

/** `benchmark [run] <test-name>` on both paths (main.ts, run-entry.ts): one strategy, its outcome printed (and appended to BENCHMARK_OUTCOME_FILE), the documented exit code. */
export async function runCommand(testName: string, flags: RunFlags): Promise<never> {
  // Timed by the suite's hyperfine, which dies with the suite (even by SIGKILL): then this run is an orphan, and ends.
  if (process.env.BENCHMARK_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && process.exit(1), 500).unref();
  }
  const entry = findStrategy(testName);
  if (!entry) fail(`unknown test '${testName}'. Valid tests: ${STRATEGY_NAMES}.`, USAGE_EXIT_CODE);
  if (flags.workUnitsPerMs !== undefined && (flags.workMs === 0 || flags.workUnitsPerMs === 0)) {
    fail('--work-units-per-ms needs --work-ms above 0 and a rate above 0', USAGE_EXIT_CODE);
  }
  const workers = flags.workers ?? defaultWorkers();
  let target;
  try {
    target = targetFromEnvironment();
    await checkClientLimits(entry, { requests: flags.requests, chunk: flags.chunk, connections: flags.connections, workers });
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, USAGE_EXIT_CODE);
    throw error;
  }
  let outcome;
  try {
    outcome = await runStrategy(entry, {
      origin: target.origin,
      requests: flags.requests,
      chunk: flags.chunk,
      connections: flags.connections,
      workers,
      timeoutMs: flags.timeout,
      warm: flags.warm,
      warmRequests: flags.warmRequests,
      workMs: flags.workMs,
      ...(flags.workUnitsPerMs !== undefined ? { workUnitsPerMs: flags.workUnitsPerMs } : {}),
    });
  } catch (error) {
    // Request failures are counted, not thrown: this is the run itself unable to proceed.
    if (error instanceof UsageError) fail(error.message, USAGE_EXIT_CODE);
    if (process.env.BENCHMARK_DEBUG === '1') console.error(error);
    fail(`${entry.name} could not run: ${describeError(error)}`, 1);
  }
  const human = flags.json ? process.stderr : process.stdout;
  human.write(formatHuman(outcome));
  const line = `${JSON.stringify(outcome)}\n`;
  if (flags.json) process.stdout.write(line);
  // For the suite and the sweep: one line per timed invocation, failed runs included, in one append.
  const outcomeFile = process.env.BENCHMARK_OUTCOME_FILE;
  if (outcomeFile) {
    try {
      appendFileSync(outcomeFile, line);
    } catch (error) {
      fail(`could not append the outcome to BENCHMARK_OUTCOME_FILE=${outcomeFile}: ${describeError(error)}`, 1);
    }
  }
  if (outcome.failed > 0) {
    reportError(formatFailures(outcome));
    process.exit(1);
  }
  // Nothing left worth waiting for (pools are closed): end without lingering on timers.
  process.exit(0);
}
