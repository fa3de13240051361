// `benchmark suite`: the flags of the whole suite (what scripts/run.sh and npm run bench run),
// checked before anything starts. -w/-r/-q/-c/-o/-s and their defaults are the original run.sh's;
// the time budget, --exact, --strict, --connections, --runtime, --aa and --seed are this
// project's, and so are --original/--python, which run the Python original's client (and
// server) in the same run.
import { Command, InvalidArgumentError, Option } from 'commander';
import { failWith, nonNegativeNumber, withUsageExitCodes } from '../common/cli-errors.js';
import { LONG_RUN_SECONDS, DEFAULT_BUDGET_SECONDS, MIN_RUNS } from '../measure/settings.js';
import { addAliases, booleanFlag, MEASURE_OPTIONS, planOrExit } from '../measure/options.js';
import { SERVER_CHOICES } from '../measure/targets.js';
import { RUN_FILE_SUFFIXES } from '../common/run-files.js';
import { SUITE_STRATEGIES, STRATEGIES } from '../strategies/registry.js';
import { DEFAULT_PYTHON, runSuite, suitePlan, type SuiteFlags } from './run-suite.js';

/** A day: a budget beyond it is a typo. */
const MAX_BUDGET_SECONDS = 86_400;

function buildCommand(): Command {
  const width = Math.max(...Object.keys(SERVER_CHOICES).map((name) => name.length));
  const servers = Object.entries(SERVER_CHOICES).map(([name, help]) => `  ${name.padEnd(width)}  ${help}`).join('\n');
  const others = STRATEGIES.filter((s) => !SUITE_STRATEGIES.includes(s)).map((s) => s.name).join(', ');
  const files = Object.entries(RUN_FILE_SUFFIXES).map(([key, suffix]) => `${suffix} (${key})`).join(', ');
  const command = withUsageExitCodes(new Command('benchmark suite'))
    .description(
      'Times every strategy with hyperfine (-N, no shell) against one server, in interleaved rounds, and writes one export in hyperfine\'s shape with every invocation\'s outcome, the environment record, the report and its chart beside it.',
    )
    .addOption(MEASURE_OPTIONS.warmup().default(10))
    .addOption(MEASURE_OPTIONS.runs().default(10))
    .addOption(MEASURE_OPTIONS.queries().default(1000))
    .addOption(MEASURE_OPTIONS.chunk().default(100))
    .addOption(MEASURE_OPTIONS.connections())
    .addOption(
      new Option('--budget <seconds>', 'time budget of measured runs per command whose run takes seconds (see Time budget)')
        .env('BENCHMARK_BUDGET')
        .default(DEFAULT_BUDGET_SECONDS)
        .argParser(nonNegativeNumber('--budget', MAX_BUDGET_SECONDS)),
    )
    .addOption(booleanFlag('--exact', 'run exactly -w warmups and -r runs for every command, as the original (same as --budget 0)', 'BENCHMARK_EXACT'))
    .addOption(booleanFlag('--strict', 'a strategy that does not fit this machine fails the run (exit 1)', 'BENCHMARK_STRICT'))
    .addOption(
      new Option('-o, --output <file>', `the export (FILE.json); the other files are named after it: ${files}`)
        .env('BENCHMARK_OUTPUT')
        .default('results.json')
        .argParser((value) => {
          if (!value.endsWith('.json')) throw new InvalidArgumentError(`--output must end in .json, got '${value}'`);
          return value;
        }),
    )
    .addOption(MEASURE_OPTIONS.strategies(`comma-separated strategies (also: ${others})`).default(SUITE_STRATEGIES.map((s) => s.name).join(','), SUITE_STRATEGIES.map((s) => s.name).join(', ')))
    .addOption(MEASURE_OPTIONS.runtime())
    .addOption(MEASURE_OPTIONS.serverRuntime())
    .addOption(new Option('--server <where>', 'the server to measure against (see Servers)').env('BENCHMARK_SERVER').choices(Object.keys(SERVER_CHOICES)).default('env'))
    .addOption(new Option('--original <dir>', "also run the Python original's client from DIR, a checkout of it (see The Python original)").env('BENCHMARK_ORIGINAL_DIR'))
    .addOption(new Option('--python <bin>', `the Python that runs the original (default: ${DEFAULT_PYTHON})`).env('BENCHMARK_PYTHON'))
    .addOption(MEASURE_OPTIONS.aa())
    .addOption(MEASURE_OPTIONS.seed())
    // How the wrappers were called (scripts/run.sh, npm run bench), recorded as the run's command.
    .addOption(new Option('--invoked-as <command>').hideHelp())
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Servers:
${servers}

Rounds: every command that still needs an invocation runs once per round, in an order shuffled per
round (seeded by --seed, recorded in .meta.json's "rounds"), so drift between rounds hits every
command alike. Each invocation is one hyperfine call; the export keeps hyperfine's shape with every
per-run time. Where the server has /stats, it must count exactly QUERIES /multiply requests during
each invocation (our client checks every response too; the original's checks none).

Time budget: each command's first invocation is a probe (the first warmup; with -w 0 the first
run). A command whose run takes ${LONG_RUN_SECONDS} s or more gets no further warmup and as many runs as fit
--budget seconds (at least ${MIN_RUNS}, at most -r); a shorter one gets -w and -r. --exact (or --budget 0)
runs -w/-r for every command. -w 0 -r 1 is exactly one invocation per command.

The Python original: --original DIR adds, after each selected strategy that is one of the
original's five, the same strategy by the original's client: '<python> benchmark.py <strategy>
-r QUERIES -c CHUNK' run in DIR, named original-<strategy>. --python needs the original's
packages (Debian: python3-aiohttp python3-requests; --server original also python3-fastapi
python3-uvicorn); a pyenv shim or a venv python does not see Debian's, /usr/bin/python3 does.

Files are written after every round, each to a temporary file renamed into place, so an
interrupted or failed run keeps what it measured; an earlier run's files stay as they were until
this run has measured something. A thread strategy that this machine cannot hold (memory,
vm.max_map_count, open files, BENCHMARK_MAX_THREADS) is not started: it is recorded as "did not
fit", with the reason and the way out, and the others are measured. A command that fails is
dropped from later rounds; the others go on.

Exit codes: 0 every command measured; 1 a command failed, or one did not fit with --strict;
2 usage error; 130/143 stopped by Ctrl-C/SIGTERM (what was measured is kept).

Environment: every option above also reads the variable named beside it. Besides:
BENCHMARK_SERVER_HOST (default 127.0.0.1), BENCHMARK_SERVER_PORT (default 8080),
BENCHMARK_SERVER_NAME (with --server env: whose server that is, for the record),
BENCHMARK_MAX_THREADS, BENCHMARK_SKIP_THREAD_CHECK; the record also reads BENCHMARK_LABEL,
BENCHMARK_NETWORK, BENCHMARK_LINK, BENCHMARK_RTT_MS and BENCHMARK_SERVER_DELAY.

scripts/run.sh <runtime> [options] runs this with --runtime <runtime> --server env;
npm run bench [-- options] with --server ours and results/<UTC time>-<runtime><version>.json.
The 2x2 with the original (both clients, against each server in turn):
  npm run bench -- --original DIR --python /usr/bin/python3 --server ours
  npm run bench -- --original DIR --python /usr/bin/python3 --server original`,
    );
  // The original run.sh's wording for a flag without its value.
  command.configureOutput({
    outputError: (text, write) => write(text.replace(/^error: option '(-\w)?,? ?(--[\w-]+)?[^']*' argument missing/m, (_, short, long) => `error: option ${short ?? long} needs a value`)),
  });
  return addAliases(command);
}

/** `benchmark suite [flags]`: returns the exit code. */
export async function suiteCommand(args: string[]): Promise<number> {
  const command = buildCommand();
  command.parse(args, { from: 'user' });
  const plan = planOrExit(() => suitePlan(command.opts<SuiteFlags>(), command.getOptionValueSource('budget') === 'cli', args));
  return runSuite(plan).catch(failWith);
}
