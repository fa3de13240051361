// The flags the suite and the sweep share, one meaning each (hyperfine's for -w and -r), each also
// read from its BENCHMARK_* variable (commander's Option.env), natively, in containers and on EC2 alike.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BOOLEAN_SPELLINGS, booleanFromEnvironment, fail, parseIntegerInRange, USAGE_EXIT_CODE, UsageError } from '../common/cli-errors.js';
import { MAX_CONNECTIONS } from '../strategies/limits.js';

/** An integer option with its variable. */
function integer(flags: string, description: string, variable: string, min: number, max = Number.MAX_SAFE_INTEGER): Option {
  const name = flags.split(/[ ,]+/).find((part) => part.startsWith('--')) as string;
  return new Option(flags, description).env(variable).argParser((value) => parseIntegerInRange(value, name, min, max));
}

/** Bounds checked before anything starts: beyond them a value is a typo, not a plan. */
export const BOUNDS = { invocations: 10_000, queries: 100_000_000, chunk: 1_000_000 } as const;

export const MEASURE_OPTIONS = {
  warmup: () => integer('-w, --warmup <n>', 'warmup invocations per command (hyperfine\'s -w)', 'BENCHMARK_WARMUP', 0, BOUNDS.invocations),
  runs: () => integer('-r, --runs <n>', 'measured invocations per command (hyperfine\'s -r)', 'BENCHMARK_RUNS', 1, BOUNDS.invocations),
  queries: () => integer('-q, --queries <n>', 'requests per invocation (the queries 0..N-1)', 'BENCHMARK_QUERIES', 1, BOUNDS.queries),
  chunk: () => integer('-c, --chunk <n>', 'chunk C: thread pool size, requests per chunk, the controls\' window', 'BENCHMARK_CHUNK', 1, BOUNDS.chunk),
  connections: () =>
    integer('--connections <n>', "connection cap of the event-loop strategies (aiohttp's default)", 'BENCHMARK_CONNECTIONS', 1, MAX_CONNECTIONS).default(100),
  strategies: (help: string) => new Option('-s, --strategies <list>', help).env('BENCHMARK_STRATEGIES'),
  runtime: () =>
    new Option('--runtime <bin>', 'the runtime of the timed clients: a node, bun or deno binary (--node is the same)').env('BENCHMARK_RUNTIME').default(process.execPath, 'the node running this'),
  serverRuntime: () =>
    new Option('--server-runtime <bin>', 'the runtime of our server and the latency proxy (default: the node running this, whatever --runtime is)').env(
      'BENCHMARK_SERVER_RUNTIME',
    ),
  seed: () => integer('--seed <n>', 'seed of the rounds\' shuffled order (default: random; recorded either way)', 'BENCHMARK_SEED', 0, 2 ** 32 - 1),
  aa: () =>
    new Option('--aa [strategy]', 'A/A control: time STRATEGY (default: the first event-loop one selected) a second time as "STRATEGY (A/A)"; the report tests the two').env('BENCHMARK_AA'),
} as const;

/** Adds the old spellings that stay as hidden aliases: --node for --runtime. */
export function addAliases(command: Command): Command {
  return command.addOption(new Option('--node <bin>').hideHelp());
}

/** A boolean flag that its variable can also set, with the spellings in --help. */
export function booleanFlag(flags: string, description: string, variable: string): Option {
  return new Option(flags, `${description} (env: ${variable}=${BOOLEAN_SPELLINGS.true.join('|')})`);
}

/** The flag's value: given on the command line, else its variable's, else false. */
export function flagValue(given: boolean | undefined, variable: string): boolean {
  return given === true || (booleanFromEnvironment(variable) ?? false);
}

/** The plan `make` builds from the flags, or exit 2 with its one line when the user must fix something first. */
export function planOrExit<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidArgumentError) fail(error.message, USAGE_EXIT_CODE);
    throw error;
  }
}

/** --aa's value: undefined (off), true (the default command), or a strategy's name; its variable may say 1/0 too. */
export function aaValue(value: string | boolean | undefined): string | true | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return true;
  const lower = value.trim().toLowerCase();
  if ((BOOLEAN_SPELLINGS.true as readonly string[]).includes(lower)) return true;
  if ((BOOLEAN_SPELLINGS.false as readonly string[]).includes(lower) || lower === '') return undefined;
  return value.trim();
}
