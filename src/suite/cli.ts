// `benchmark suite`: the flags of the whole suite (what scripts/run.sh and npm run bench
// run), checked before anything starts. -w/-r/-q/-c/-o/-s and their defaults are the
// original run.sh's; the time budget, --exact, --strict and --connections are this project's,
// and so are --original/--python, which run the Python original's client (and server) in the
// same run.
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeError, fail, nonNegativeNumber, parseIntegerInRange, USAGE_EXIT_CODE, UsageError, withUsageExitCodes } from '../common/cli-errors.js';
import { findStrategy, ORIGINAL_STRATEGIES, STRATEGIES, type StrategyEntry } from '../strategies/registry.js';
import { MAX_CONNECTIONS } from '../client/limits.js';
import { SERVERS } from './servers.js';
import { DEFAULT_BUDGET_SECONDS, LONG_RUN_SECONDS, MIN_RUNS } from './settings.js';
import type { SuitePlan } from './run-suite.js';

/** The flags as commander parses them. */
interface SuiteFlags {
  warmup: number;
  runs: number;
  queries: number;
  chunk: number;
  connections?: number;
  budget: number;
  exact?: boolean;
  strict?: boolean;
  output: string;
  strategies: string;
  node: string;
  server: SuitePlan['server'];
  original?: string;
  python?: string;
  invokedAs?: string;
}

/** --python's default, as the original's README runs it. */
const DEFAULT_PYTHON = 'python3';

/** A day: a budget beyond it is a typo. */
const MAX_BUDGET_SECONDS = 86_400;

/** Decimal digits only (so 010 is ten, never octal), at least `min`; NAME as in the original's run.sh. */
function count(name: string, min: 0 | 1): (value: string) => number {
  return (value) => {
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be ${min === 0 ? 'an integer >= 0' : 'a positive integer'}, got '${value}'`);
    }
    return parsed;
  };
}

function jsonFile(value: string): string {
  if (!value.endsWith('.json')) throw new InvalidArgumentError(`OUTPUT must end in .json, got '${value}'`);
  return value;
}

/** The strategies named in LIST, registry spellings accepted; a UsageError for anything else. */
function selectStrategies(list: string): StrategyEntry[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--strategies names no strategy, got '${list}'`);
  const entries = names.map((name) => {
    const entry = findStrategy(name);
    if (!entry) throw new UsageError(`unknown strategy '${name}'; valid: ${STRATEGIES.map((s) => s.name).join(',')}`);
    return entry;
  });
  const twice = entries.find((entry, i) => entries.indexOf(entry) !== i);
  if (twice) throw new UsageError(`--strategies names ${twice.name} twice`);
  return entries;
}

/** BENCHMARK_STRICT: 1 makes a strategy that did not fit fail the run; empty or 0 does not. */
function strictFromEnvironment(): boolean {
  const value = (process.env.BENCHMARK_STRICT ?? '').trim();
  if (value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new UsageError(`BENCHMARK_STRICT must be 1 or 0, got '${value}'`);
}

function buildCommand(): Command {
  const width = Math.max(...Object.keys(SERVERS).map((name) => name.length));
  const servers = Object.entries(SERVERS).map(([name, server]) => `  ${name.padEnd(width)}  ${server.help}`).join('\n');
  const others = STRATEGIES.filter((s) => !s.original).map((s) => s.name).join(', ');
  const command = withUsageExitCodes(new Command('benchmark suite'))
    .description(
      'Runs hyperfine (-N, no shell) once per strategy, against one server, and joins the results into one JSON and one Markdown export, with every invocation\'s outcome, the environment record, the report and its chart beside them.',
    )
    .addOption(new Option('-w, --warmup <n>', 'warmup runs per strategy (a strategy whose run takes seconds gets only its probe: see Time budget)').default(10).argParser(count('WARMUP', 0)))
    .addOption(new Option('-r, --runs <n>', 'measured runs per strategy (at most, under the time budget)').default(10).argParser(count('RUNS', 1)))
    .addOption(new Option('-q, --queries <n>', 'requests per run').default(1000).argParser(count('QUERIES', 1)))
    .addOption(new Option('-c, --chunk <n>', 'chunk / thread pool size').default(100).argParser(count('CHUNK', 1)))
    .addOption(
      new Option('--connections <n>', 'connection cap of async-for and async-map (default: CHUNK, as many connections as CHUNK threads hold)').argParser((value) =>
        parseIntegerInRange(value, '--connections', 1, MAX_CONNECTIONS),
      ),
    )
    .addOption(
      new Option('--budget <seconds>', 'time budget of measured runs per strategy whose run takes seconds (see Time budget)')
        .default(DEFAULT_BUDGET_SECONDS)
        .argParser(nonNegativeNumber('--budget', MAX_BUDGET_SECONDS)),
    )
    .addOption(new Option('--exact', 'run exactly -w warmups and -r runs for every strategy, as the original (same as --budget 0)').conflicts('budget'))
    .addOption(new Option('--strict', 'a strategy that does not fit this machine fails the run (exit 1; also BENCHMARK_STRICT=1)'))
    .addOption(
      new Option(
        '-o, --output <file>',
        'the joined hyperfine JSON export. Beside it, named after FILE without .json: .md, .outcomes.jsonl, .meta.json, .report.md, .svg (see Files)',
      )
        .default('results.json')
        .argParser(jsonFile),
    )
    .addOption(
      new Option('-s, --strategies <list>', `comma-separated strategies (also: ${others})`).default(
        ORIGINAL_STRATEGIES.map((s) => s.name).join(','),
        `the original five, ${ORIGINAL_STRATEGIES.map((s) => s.name).join(', ')}`,
      ),
    )
    .addOption(new Option('--node <bin>', 'node binary of the timed clients (and of the server with --server ours)').default(process.execPath, 'the node running this'))
    .addOption(new Option('--server <where>', 'the server to measure against (see Servers)').choices(Object.keys(SERVERS)).default('env'))
    .addOption(new Option('--original <dir>', "also run the Python original's client from DIR, a checkout of it (see The Python original)"))
    .addOption(new Option('--python <bin>', `the Python that runs the original (default: ${DEFAULT_PYTHON})`))
    // How the wrappers were called (scripts/run.sh, npm run bench), recorded as the run's command.
    .addOption(new Option('--invoked-as <command>').hideHelp())
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Servers:
${servers}

The Python original: --original DIR adds, after each selected strategy that is one of the
original's five, the same strategy by the original's client: '<python> benchmark.py <strategy>
-r QUERIES -c CHUNK' run in DIR, named original-<strategy>, against the same server, with the
same time budget and progress lines (its outcome lines are null: it writes none). --python
needs the original's packages (Debian: python3-aiohttp python3-requests; --server original
also python3-fastapi python3-uvicorn); a pyenv shim or a venv python does not see Debian's,
/usr/bin/python3 does. The original checks no response, so the server's /stats request count
must grow by exactly QUERIES per invocation of each original-* strategy, warmups and probe
included, or the run fails (exit 1); a server without /stats (the original's) leaves it
unverified, as the record and the report say.

Time budget: each strategy's first run is a probe (a warmup). A strategy whose run takes
${LONG_RUN_SECONDS} s or more gets no further warmup (a warmup only warms caches) and as many runs as fit
--budget seconds (at least ${MIN_RUNS}, at most -r); a shorter one gets -w and -r. --exact (or
--budget 0) runs -w/-r for every strategy without a probe. The settings used, and why, are
printed and recorded in .meta.json ("settings").

Progress: one line per timed invocation on stderr (strategy, invocation i of n, warmups
marked, its time, a rough estimate of what remains), also without a terminal; a rough
estimate of the whole suite at start.

Files (each written to a temporary file and renamed into place, after every strategy, so an
interrupted or failed run keeps the strategies it measured; an earlier run's files stay as
they were until this run has measured something):
  FILE            hyperfine's JSON exports of the strategies, joined (results in order)
  .md             the same as one Markdown table, in hyperfine's layout
  .outcomes.jsonl one line per timed invocation, warmups included and marked:
                  {"strategy", "invocation", "of", "warmup", "outcome"} (the client's --json)
  .meta.json      the environment, parameters, settings, strategies that did not fit
                  ("notMeasured"), the load at start and end
  .report.md .svg the readable report and its chart (benchmark report)

A thread strategy that this machine cannot hold (memory, vm.max_map_count, open files,
BENCHMARK_MAX_THREADS) is not started: it is recorded as "did not fit", with the reason and
the way out, and the others are measured.
Exit codes: 0 every measured strategy succeeded (a strategy that did not fit is a result);
1 a strategy failed (the suite stops there; what was measured before is kept), or one did
not fit with --strict; 2 usage error; 130/143 stopped by Ctrl-C/SIGTERM (what was measured
is kept).

Environment: BENCHMARK_SERVER_HOST (default 127.0.0.1), BENCHMARK_SERVER_PORT (default 8080),
BENCHMARK_SERVER_NAME (with --server env: whose server that is, in words, for the record),
BENCHMARK_MAX_THREADS (cap on worker threads alive at once), BENCHMARK_SKIP_THREAD_CHECK=1
(run what does not fit anyway), BENCHMARK_STRICT=1 (as --strict); the environment record
also reads BENCHMARK_LABEL, BENCHMARK_NETWORK, BENCHMARK_LINK, BENCHMARK_RTT_MS and
BENCHMARK_SERVER_DELAY.

scripts/run.sh <node> [options] runs this with --node <node> --server env;
npm run bench [-- options] with --server ours and results/<UTC time>-node<version>.json.
The 2x2 with the original (both clients, against each server in turn):
  npm run bench -- --original DIR --python /usr/bin/python3 --server ours
  npm run bench -- --original DIR --python /usr/bin/python3 --server original`,
    );
  // The original run.sh's wording for a flag without its value.
  command.configureOutput({
    outputError: (text, write) => write(text.replace(/^error: option '(-\w)?,? ?(--[\w-]+)?[^']*' argument missing/m, (_, short, long) => `error: option ${short ?? long} needs a value`)),
  });
  return command;
}

/** `benchmark suite [flags]`: returns the exit code. */
export async function suiteCommand(args: string[]): Promise<number> {
  const command = buildCommand();
  command.parse(args, { from: 'user' });
  const flags = command.opts<SuiteFlags>();
  let plan: SuitePlan;
  try {
    if (flags.python !== undefined && flags.original === undefined) throw new UsageError('--python is for the Python original: give --original DIR too');
    if (flags.server === 'original' && flags.original === undefined) throw new UsageError('--server original needs --original DIR (the checkout whose server.py it starts)');
    plan = {
      warmup: flags.warmup,
      runs: flags.runs,
      queries: flags.queries,
      chunk: flags.chunk,
      connections: flags.connections ?? Math.min(flags.chunk, MAX_CONNECTIONS),
      budgetSeconds: flags.exact ? 0 : flags.budget,
      strict: flags.strict === true || strictFromEnvironment(),
      output: flags.output,
      strategies: selectStrategies(flags.strategies),
      node: flags.node,
      server: flags.server,
      ...(flags.original === undefined ? {} : { original: { dir: flags.original, python: flags.python ?? DEFAULT_PYTHON } }),
      command: flags.invokedAs ?? ['benchmark', 'suite', ...args].join(' '),
    };
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, USAGE_EXIT_CODE);
    throw error;
  }
  const { runSuite } = await import('./run-suite.js');
  try {
    return await runSuite(plan);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, USAGE_EXIT_CODE);
    fail(describeError(error), 1);
  }
}
