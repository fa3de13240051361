// `benchmark suite`: the flags of the whole suite (what scripts/run.sh and npm run bench
// run), checked before anything starts. The defaults are the original run.sh's.
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeError, fail, USAGE_EXIT_CODE, UsageError, withUsageExitCodes } from '../common/cli-errors.js';
import { findStrategy, ORIGINAL_STRATEGIES, STRATEGIES, type StrategyEntry } from '../strategies/registry.js';
import { SERVERS } from './servers.js';
import type { SuitePlan } from './run-suite.js';

/** The plan as commander parses it: the strategies still a comma list. */
type SuiteFlags = Omit<SuitePlan, 'strategies'> & { strategies: string };

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
  return names.map((name) => {
    const entry = findStrategy(name);
    if (!entry) throw new UsageError(`unknown strategy '${name}'; valid: ${STRATEGIES.map((s) => s.name).join(',')}`);
    return entry;
  });
}

function buildCommand(): Command {
  const servers = Object.entries(SERVERS).map(([name, server]) => `  ${name.padEnd(6)} ${server.help}`).join('\n');
  const others = STRATEGIES.filter((s) => !s.original).map((s) => s.name).join(', ');
  const command = withUsageExitCodes(new Command('benchmark suite'))
    .description('Runs hyperfine (-N, no shell) over the strategies in one run and exports JSON and Markdown, with the environment record, the report and its chart beside them.')
    .addOption(new Option('-w, --warmup <n>', 'warmup runs per strategy').default(10).argParser(count('WARMUP', 0)))
    .addOption(new Option('-r, --runs <n>', 'measured runs per strategy').default(10).argParser(count('RUNS', 1)))
    .addOption(new Option('-q, --queries <n>', 'requests per run').default(1000).argParser(count('QUERIES', 1)))
    .addOption(new Option('-c, --chunk <n>', 'chunk / thread pool size').default(100).argParser(count('CHUNK', 1)))
    .addOption(
      new Option(
        '-o, --output <file>',
        'hyperfine JSON export. Beside it, named after FILE without .json: .md (hyperfine\'s Markdown export), .meta.json (environment and parameters, written first), .report.md and .svg (the readable report and its chart)',
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
    .addOption(new Option('--server <where>', 'the server to measure against (see below)').choices(Object.keys(SERVERS)).default('env'))
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Servers:
${servers}

Environment: BENCHMARK_SERVER_HOST (default 127.0.0.1), BENCHMARK_SERVER_PORT (default 8080),
BENCHMARK_MAX_THREADS (optional cap on worker threads alive at once); the environment
record also reads BENCHMARK_LABEL, BENCHMARK_NETWORK, BENCHMARK_LINK, BENCHMARK_RTT_MS and
BENCHMARK_SERVER_DELAY.

A thread strategy that this machine cannot hold (memory, vm.max_map_count, the cap) is
skipped with the reason; the others are measured, and the exit code is then 1.
Exit codes: 0 every strategy measured, 1 a strategy failed or was skipped (what was measured
is kept), 2 usage error.

scripts/run.sh <node> [options] runs this with --node <node> --server env;
npm run bench [-- options] with --server ours and results/<UTC time>-node<version>.json.`,
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
    plan = { ...flags, strategies: selectStrategies(flags.strategies) };
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
