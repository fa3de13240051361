// The suite, as the original's run.sh, against one server: one command per strategy, named after it, by
// our client on the chosen runtime, and with --original by the Python original's client from its checkout
// (original.ts), which writes no outcome (the server's /stats count checks it); with --aa one of them again
// under a second name. None uses --warm: the suite measures a short-lived process, start-up included. The
// commands go through the measuring engine (interleaved rounds), the run's files are written after every
// round, then the report and its chart.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError, UsageError } from '../common/cli-errors.js';
import { collectEnvironment } from '../environment/collect.js';
import { loadAverageNow } from '../environment/cpu.js';
import { parameterValue } from '../environment/parameters.js';
import { currentRuntime, probeRuntime, runScript, runtimeName } from '../environment/runtime.js';
import { clientCommand, measure, type MeasuredCommand, type MeasureState } from '../measure/engine.js';
import type { RecordBase } from '../measure/files.js';
import { aaValue, flagValue } from '../measure/options.js';
import { RunOutput } from '../measure/output.js';
import { serverTarget, type ServerChoice, type TargetSpec } from '../measure/targets.js';
import { AA_SUFFIX, ORIGINAL_PREFIX, parseLabel } from '../strategies/label.js';
import { checkClientLimits } from '../strategies/limits.js';
import { defaultWorkers, STRATEGIES, type StrategyEntry } from '../strategies/registry.js';
import { checkOriginal, originalRecord, type OriginalCheckout } from './original.js';

/** The flags as commander parses them (suite/cli.ts). */
export interface SuiteFlags {
  warmup: number;
  runs: number;
  queries: number;
  chunk: number;
  connections: number;
  budget: number;
  exact?: boolean;
  strict?: boolean;
  output: string;
  strategies: string;
  runtime: string;
  node?: string;
  serverRuntime?: string;
  server: ServerChoice;
  original?: string;
  python?: string;
  aa?: string | boolean;
  seed?: number;
  invokedAs?: string;
}

/** --python's default, as the original's README runs it. */
export const DEFAULT_PYTHON = 'python3';

/** The strategies named in LIST, registry spellings accepted; a UsageError for anything else. */
function selectStrategies(list: string): StrategyEntry[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--strategies names no strategy, got '${list}'`);
  const entries = names.map((name) => {
    const label = parseLabel(name);
    if (!label || label.client !== 'ours' || label.chunk !== null || label.aa) throw new UsageError(`unknown strategy '${name}'; valid: ${STRATEGIES.map((s) => s.name).join(',')}`);
    return label.strategy;
  });
  const twice = entries.find((entry, i) => entries.indexOf(entry) !== i);
  if (twice) throw new UsageError(`--strategies names ${twice.name} twice`);
  return entries;
}

/** The plan from the flags (`budgetGiven`: --budget on the command line), checked; a UsageError for anything to fix. */
export function suitePlan(flags: SuiteFlags, budgetGiven: boolean, args: string[]) {
  if (flags.python !== undefined && flags.original === undefined) throw new UsageError('--python is for the Python original: give --original DIR too');
  if (flags.server === 'original' && flags.original === undefined) throw new UsageError('--server original needs --original DIR (the checkout whose server.py it starts)');
  const exact = flagValue(flags.exact, 'BENCHMARK_EXACT');
  if (exact && budgetGiven) throw new UsageError('--exact and --budget contradict each other: give one');
  return {
    ...flags,
    // Seconds of measured runs per long command; 0: exactly -w/-r for every command (--exact).
    budgetSeconds: exact ? 0 : flags.budget,
    // A strategy that did not fit fails the run.
    strict: flagValue(flags.strict, 'BENCHMARK_STRICT'),
    strategies: selectStrategies(flags.strategies),
    // The runtime of the timed clients, and the flag that named it (--runtime, or its old spelling --node).
    runtime: flags.node ?? flags.runtime,
    runtimeFlag: flags.node === undefined ? '--runtime' : '--node',
    original: flags.original === undefined ? undefined : { dir: flags.original, python: flags.python ?? DEFAULT_PYTHON },
    aa: aaValue(flags.aa),
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 32),
    // The command line that started the run, as recorded.
    command: flags.invokedAs ?? ['benchmark', 'suite', ...args].join(' '),
  };
}

export type SuitePlan = ReturnType<typeof suitePlan>;

/** Conditions set by scripts/netns-run.sh (or the user), recorded when set. */
const CONDITIONS = { network: 'BENCHMARK_NETWORK', link: 'BENCHMARK_LINK', rttMs: 'BENCHMARK_RTT_MS', serverDelay: 'BENCHMARK_SERVER_DELAY' } as const;

function say(line: string): void {
  process.stderr.write(`suite: ${line}\n`);
}

/** The original's checkout and Python, checked for the parts of it this run uses. */
function originalCheckout(plan: SuitePlan, given: { dir: string; python: string }): OriginalCheckout {
  const client = plan.strategies.some((entry) => entry.original);
  const server = plan.server === 'original';
  if (!client && !server) {
    throw new UsageError(`--original adds the original's strategies among those selected, and -s names none of them (${plan.strategies.map((s) => s.name).join(',')})`);
  }
  return checkOriginal(given.dir, given.python, { client, server });
}

/** The command --aa copies: the one named, else the first event-loop strategy selected, else the first. */
function aaTarget(plan: SuitePlan, names: readonly string[]): string {
  if (plan.aa === true) return plan.strategies.find((s) => s.side === 'event loop')?.name ?? (names[0] as string);
  const wanted = plan.aa as string;
  if (!names.includes(wanted)) throw new UsageError(`--aa ${wanted}: not among the commands of this run (${names.join(', ')})`);
  return wanted;
}

/** The original's client running `entry` from its checkout, with the original's flags (-r N -c C). */
function originalCommand(entry: StrategyEntry, original: OriginalCheckout, plan: SuitePlan, target: TargetSpec): MeasuredCommand {
  return {
    name: `${ORIGINAL_PREFIX}${entry.name}`,
    argv: runScript({ kind: 'python', binary: original.pythonCommand }, 'benchmark.py', [entry.name, '-r', String(plan.queries), '-c', String(plan.chunk)]),
    cwd: original.dir,
    target,
    requests: plan.queries,
    writesOutcome: false,
    // Python threads, not worker threads: nothing for the thread budget or the estimate's thread cost.
    threadStarts: 0,
    liveThreads: 0,
  };
}

/** Runs the suite; returns the exit code. Throws UsageError for what the user must fix first. */
export async function runSuite(plan: SuitePlan): Promise<number> {
  const runtime = probeRuntime(plan.runtime, plan.runtimeFlag);
  const serverRuntime = plan.serverRuntime ? probeRuntime(plan.serverRuntime, '--server-runtime') : currentRuntime();
  const original = plan.original ? originalCheckout(plan, plan.original) : undefined;
  // Each strategy by our client, then by the original's when it is one of the original's and --original is given.
  const target = serverTarget(plan.server);
  const commands = plan.strategies.flatMap((entry) => [
    clientCommand(entry, runtime, { requests: plan.queries, chunk: plan.chunk, connections: plan.connections }, target),
    ...(original && entry.original ? [originalCommand(entry, original, plan, target)] : []),
  ]);
  if (plan.aa !== undefined) {
    const at = commands.findIndex((c) => c.name === aaTarget(plan, commands.map((command) => command.name)));
    commands.splice(at + 1, 0, { ...commands[at]!, name: `${commands[at]!.name}${AA_SUFFIX}` });
  }
  // What one client process can hold (heap, open files), checked here before anything starts.
  for (const entry of plan.strategies) await checkClientLimits(entry, { requests: plan.queries, chunk: plan.chunk, connections: plan.connections, workers: defaultWorkers() });
  const output = new RunOutput(plan.output, say);
  await output.open();
  const { files } = output;
  const parameters: Record<string, string | number> = {
    queries: plan.queries,
    chunk: plan.chunk,
    connections: plan.connections,
    runs: plan.runs,
    warmup: plan.warmup,
    budget: plan.budgetSeconds === 0 ? 'exact' : plan.budgetSeconds,
    strategies: commands.map((command) => command.name).join(','),
    runtime: runtimeName(runtime),
  };
  for (const [key, variable] of Object.entries(CONDITIONS)) {
    const value = process.env[variable];
    if (value) parameters[key] = parameterValue(value);
  }
  // The record is first written after round 1 (the server's address is known then); the load and time at start are now's.
  const startedAt = new Date();
  const loadAtStart = loadAverageNow();
  let base: RecordBase | undefined;
  let reportFailed = false;
  const write = async (state: MeasureState): Promise<void> => {
    const server = state.targets.values().next().value;
    if (server) parameters.server = server.address;
    parameters.skipped = state.notMeasured.map((verdict) => verdict.strategy).join(',');
    const originals = commands.filter((c) => !c.writesOutcome).map((c) => c.name);
    base ??= {
      ...collectEnvironment({
        now: startedAt,
        loadAverage: loadAtStart,
        parameters,
        runtime,
        server: server ? { choice: plan.server, name: server.name, host: server.host, port: server.port } : undefined,
        original: original ? originalRecord(original, originals, state.unverified.get(originals[0] ?? '') ?? null) : undefined,
      }),
      serverRuntime: runtimeName(serverRuntime),
      command: plan.command,
    };
    if (!(await output.write(state, base))) return;
    try {
      const { writeReport } = await import('../report/command.js');
      await writeReport([files.export], { format: 'markdown', output: dirname(files.export), quiet: true });
    } catch (error) {
      if (!reportFailed) say(`error: the report failed: ${describeError(error)}`);
      reportFailed = true;
      // An earlier run's report must not stand beside this run's export.
      await Promise.all([rm(files.report, { force: true }), rm(files.chart, { force: true })]);
    }
  };

  say(`${runtimeName(runtime)} (${runtime.binary}), queries ${plan.queries}, chunk ${plan.chunk}, connections ${plan.connections} -> ${plan.output}`);
  const state = await measure({
    what: 'suite',
    commands,
    rule: { warmup: plan.warmup, runs: plan.runs, budgetSeconds: plan.budgetSeconds },
    seed: plan.seed,
    targets: { serverRuntime, ...(original ? { original } : {}), say },
    write,
    say,
  }).finally(() => output.close());
  const status = Math.max(output.verdict(state, plan.strict), reportFailed ? 1 : 0);
  if (status !== 0 || !output.written) say(output.where(state));
  if (output.written) say(`files: ${Object.values(files).join(' ')}`);
  return status;
}
