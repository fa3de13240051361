import { appendFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { describeError, fail, nonNegativeNumber, parseIntegerInRange, positiveInteger, reportError, USAGE_EXIT_CODE, UsageError, withUsageExitCodes } from '../common/cli-errors.js';
import { packageVersion } from '../common/version.js';
import { describeStrategy, findStrategy, liveThreads, STRATEGIES } from '../strategies/registry.js';
import { targetFromEnvironment } from '../common/target.js';
import { runStrategy } from './run.js';
import { checkClientLimits, MAX_CONNECTIONS } from '../strategies/limits.js';
import { formatFailures, formatHuman } from '../outcome/print.js';
import { registerReportCommand } from '../report/register.js';
import { registerEnvironmentCommand } from '../environment/register.js';
import { registerSweepCommand } from '../sweep/register.js';
import { registerSuiteCommand } from '../suite/register.js';

interface RunFlags {
  requests: number;
  chunk: number;
  connections: number;
  timeout: number;
  warm: boolean;
  workMs: number;
  workUnitsPerMs?: number;
  json: boolean;
}

const names = STRATEGIES.map((s) => s.name).join(', ');
/** --work-ms beyond a minute per response is a typo, not a workload. */
const MAX_WORK_MS = 60_000;
/** A SHA-256 of 1 KiB takes microseconds: a million units per ms is a typo. */
const MAX_UNITS_PER_MS = 1_000_000;

const program = withUsageExitCodes(new Command('benchmark'))
  .description('Worker threads vs the async event loop for I/O-bound HTTP calls: runs one strategy against the benchmark server.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Target server: BENCHMARK_SERVER_HOST (default 127.0.0.1), BENCHMARK_SERVER_PORT (default 8080).
Exit codes: 0 every response verified, 1 a request failed or the server is unreachable, 2 usage error.

Examples:
  benchmark async-for -r 1000
  benchmark threads-reuse -r 1000 -c 100 --json
  benchmark list
  benchmark suite --server ours -q 200 -r 3`,
  );

program
  .command('run <test-name>', { isDefault: true })
  .description(`run one strategy (${names}); "run" may be omitted`)
  .addOption(new Option('-r, --requests <n>', 'REQUESTS: number of requests (queries 0..N-1)').default(100).argParser(positiveInteger('REQUESTS')))
  .addOption(new Option('-c, --chunk <n>', 'CHUNK: thread pool size / chunk size of the threads strategies (and the controls\' window)').default(100).argParser(positiveInteger('CHUNK')))
  .addOption(
    new Option('--connections <n>', "connection cap of the async strategies' pool (aiohttp's default)")
      .default(100)
      .argParser((value) => parseIntegerInRange(value, '--connections', 1, MAX_CONNECTIONS)),
  )
  .addOption(new Option('--timeout <ms>', 'bound on every request, in milliseconds').default(30_000).argParser(positiveInteger('--timeout')))
  .option('--warm', 'start the clock only once the strategy is ready to send: thread pools started, connections opened (threads-recreate: its first pool)', false)
  .addOption(
    new Option('--work-ms <ms>', 'CPU work after each verified response, sized to take MS ms on one idle core (fractions allowed); it runs where the response lands')
      .default(0)
      .argParser(nonNegativeNumber('--work-ms', MAX_WORK_MS)),
  )
  .addOption(
    new Option(
      '--work-units-per-ms <rate>',
      "use this calibration of --work-ms (units of work per CPU ms, as an outcome's workUnitsPerMs) instead of measuring one; a sweep measures once and passes it to every invocation, so all strategies do the same work",
    ).argParser(nonNegativeNumber('--work-units-per-ms', MAX_UNITS_PER_MS)),
  )
  .option('--json', 'print the outcome as one JSON object on stdout (human lines go to stderr)', false)
  .addHelpText(
    'after',
    `
Latency: from the strategy handing a request over (to the event loop, or to a thread pool) to its verified
answer on the main thread: waits for a connection or a starting thread count alike.
Environment: BENCHMARK_OUTCOME_FILE=FILE appends the outcome (the --json object) to FILE as one line, also
for a run whose requests failed.

Examples:
  benchmark threads-reuse -r 1000 -c 2 --work-ms 5 --warm
  benchmark async-for -r 1000 --work-ms 0.5`,
  )
  .action(async (testName: string, flags: RunFlags) => {
    const entry = findStrategy(testName);
    if (!entry) fail(`unknown test '${testName}'. Valid tests: ${names}.`, USAGE_EXIT_CODE);
    if (flags.workUnitsPerMs !== undefined && (flags.workMs === 0 || flags.workUnitsPerMs === 0)) {
      fail('--work-units-per-ms needs --work-ms above 0 and a rate above 0', USAGE_EXIT_CODE);
    }
    let target;
    try {
      target = targetFromEnvironment();
      await checkClientLimits(entry, flags.requests, flags.chunk, flags.connections);
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
        timeoutMs: flags.timeout,
        warm: flags.warm,
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
  });

program
  .command('check <test-name>')
  .description('check, without running it, that this machine can hold the worker threads a strategy would start')
  .addOption(new Option('-r, --requests <n>', 'REQUESTS').default(100).argParser(positiveInteger('REQUESTS')))
  .addOption(new Option('-c, --chunk <n>', 'CHUNK').default(100).argParser(positiveInteger('CHUNK')))
  .option('--json', 'print the verdict as one JSON object (threads, fits, needMiB, needMaps, availableMiB, maxMapCount, cap, maxThreads, problems, advice, ...)', false)
  .addHelpText(
    'after',
    `
Exit codes: 0 it fits (or BENCHMARK_SKIP_THREAD_CHECK=1), 1 it does not (the reason and the way out on stderr), 2 usage error.
Environment: BENCHMARK_MAX_THREADS caps the threads; BENCHMARK_THREAD_MIB replaces the MiB per thread measured for
this build (e.g. a figure calibrated on the host); BENCHMARK_MEMORY_LIMIT_MIB caps the memory counted as available.`,
  )
  .action(async (testName: string, flags: { requests: number; chunk: number; json: boolean }) => {
    const entry = findStrategy(testName);
    if (!entry) fail(`unknown test '${testName}'. Valid tests: ${names}.`, USAGE_EXIT_CODE);
    const threads = liveThreads(entry, flags.requests, flags.chunk);
    const { assessThreadBudget, threadCheckSkipped } = await import('../strategies/thread-budget.js');
    let budget;
    try {
      budget = assessThreadBudget(entry.name, threads);
    } catch (error) {
      fail(describeError(error), error instanceof UsageError ? USAGE_EXIT_CODE : 1);
    }
    const skipped = threadCheckSkipped();
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...budget, skipped })}\n`);
    if (budget.fits || threads === 0) {
      if (!flags.json) process.stdout.write(`${entry.name}: fits (${threads} worker threads at once)\n`);
      return;
    }
    if (skipped) {
      if (!flags.json) process.stdout.write(`${entry.name}: does not fit, run anyway (BENCHMARK_SKIP_THREAD_CHECK=1): ${budget.problems.join(' ')}\n`);
      return;
    }
    const { ThreadBudgetError } = await import('../strategies/thread-budget.js');
    fail(new ThreadBudgetError(budget).message, 1);
  });

program
  .command('list')
  .description('list the strategies, one line each (--json: name, kind, original, color, description)')
  .option('--json', 'one JSON array: every strategy with its kind (thread, async, control, reference) and whether it is one of the original five', false)
  .action((flags: { json: boolean }) => {
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(STRATEGIES.map(describeStrategy), null, 2)}\n`);
      return;
    }
    const width = Math.max(...STRATEGIES.map((s) => s.name.length));
    for (const s of STRATEGIES) process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
  });

// Their code loads only when they run: the timed `benchmark <test>` path stays lean.
registerReportCommand(program);
registerEnvironmentCommand(program);
registerSweepCommand(program);
registerSuiteCommand(program);

await program.parseAsync();
