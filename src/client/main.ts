import { Command, Option } from 'commander';
import { commanderParser, fail, failWith, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';
import { packageVersion } from '../common/version.js';
import { describeStrategy, findStrategy, liveThreads, STRATEGIES } from '../strategies/registry.js';
import { runCommand, STRATEGY_NAMES } from './run-command.js';
import { RUN_FLAGS, type RunFlag, type RunFlags } from './run-flags.js';
import { registerDelegatedCommand } from '../common/delegated-command.js';
import { registerReportCommand } from '../report/register.js';
import { registerEnvironmentCommand } from '../environment/register.js';

/** One of RUN_FLAGS as a commander Option (the check subcommand reuses some). */
function optionOf(flag: RunFlag, flags = flag.flags, description = flag.description): Option {
  const option = new Option(flags, description);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  if (flag.parse) option.argParser(commanderParser(flag.parse));
  return option;
}

const runFlag = (key: keyof RunFlags): RunFlag => RUN_FLAGS.find((flag) => flag.key === key) as RunFlag;

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

const run = program.command('run <test-name>', { isDefault: true }).description(`run one strategy (${STRATEGY_NAMES}); "run" may be omitted`);
for (const flag of RUN_FLAGS) run.addOption(optionOf(flag));
run
  .addHelpText(
    'after',
    `
Latency: two figures per request, both to its verified answer on the main thread. latencyMs counts from the
strategy handing the request over (to the event loop, or to a thread pool): waits for a connection or a starting
thread count alike, but when a request is handed over differs by strategy (threads-reuse at its chunk, async-for
all at the start). latencyFromStartMs counts from the start of the clock: the one that compares across strategies.
Environment: BENCHMARK_OUTCOME_FILE=FILE appends the outcome (the --json object) to FILE as one line, also
for a run whose requests failed.

Examples:
  benchmark threads-reuse -r 1000 -c 2 --work-ms 5 --warm
  benchmark threads-async -r 1000 -c 100 --workers 2
  benchmark async-offload -r 1000 --work-ms 0.5 --warm
  benchmark async-for -r 1000 --work-ms 0.5`,
  )
  .action((testName: string, flags: RunFlags) => runCommand(testName, flags));

program
  .command('check <test-name>')
  .description('check, without running it, that this machine can hold the worker threads a strategy would start')
  .addOption(optionOf(runFlag('requests'), '-r, --requests <n>', 'REQUESTS'))
  .addOption(optionOf(runFlag('chunk'), '-c, --chunk <n>', 'CHUNK'))
  .addOption(optionOf(runFlag('connections'), '--connections <n>', 'connection cap (threads-async: its workers depend on it)'))
  .addOption(optionOf(runFlag('workers'), '--workers <n>', 'worker threads of threads-async and async-offload (default: one per core)'))
  .option('--json', 'print the verdict as one JSON object (threads, fits, needMiB, needMaps, availableMiB, maxMapCount, cap, maxThreads, problems, advice, ...)', false)
  .addHelpText(
    'after',
    `
Exit codes: 0 it fits (or BENCHMARK_SKIP_THREAD_CHECK=1), 1 it does not (the reason and the way out on stderr), 2 usage error.
Environment: BENCHMARK_MAX_THREADS caps the threads; BENCHMARK_THREAD_MIB replaces the MiB per thread measured for
this build (e.g. a figure calibrated on the host); BENCHMARK_MEMORY_LIMIT_MIB caps the memory counted as available.`,
  )
  .action(async (testName: string, flags: { requests: number; chunk: number; connections: number; workers?: number; json: boolean }) => {
    const entry = findStrategy(testName);
    if (!entry) fail(`unknown test '${testName}'. Valid tests: ${STRATEGY_NAMES}.`, USAGE_EXIT_CODE);
    const threads = liveThreads(entry, flags.requests, flags.chunk, { connections: flags.connections, ...(flags.workers !== undefined ? { workers: flags.workers } : {}) });
    const { assessThreadBudget, threadCheckSkipped, ThreadBudgetError } = await import('../strategies/thread-budget.js');
    let budget;
    try {
      budget = assessThreadBudget(entry.name, threads);
    } catch (error) {
      failWith(error);
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
    fail(new ThreadBudgetError(budget).message, 1);
  });

program
  .command('list')
  .description('list the strategies, one line each (--json: name, kind, side, original, color, description)')
  .option('--json', 'one JSON array: every strategy with its kind (thread, async, control, reference), its side (threads, event loop, none) and whether it is one of the original five', false)
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
registerDelegatedCommand(
  program,
  'sweep',
  'sweep chunk, requests, server delay, link RTT, the Node binary or CPU work per response over strategies; charts time and req/s (benchmark sweep --help)',
  async () => (await import('../sweep/cli.js')).sweepCommand,
);
registerDelegatedCommand(
  program,
  'suite',
  'hyperfine over the strategies in one run, with the environment record, report and chart beside the export (benchmark suite --help)',
  async () => (await import('../suite/cli.js')).suiteCommand,
);

await program.parseAsync();
