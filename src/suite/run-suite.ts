// The suite, as the original's run.sh, against one server: its commands through the measuring
// engine (interleaved rounds), the run's files after every round, then the report and its chart.
// With --original, the Python original's client runs beside ours (original.ts).
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError, UsageError } from '../common/cli-errors.js';
import { collectEnvironment, loadAverageNow } from '../environment/collect.js';
import { parameterValue } from '../environment/parameters.js';
import { currentRuntime, probeRuntime, runtimeName } from '../environment/runtime.js';
import { measure, type MeasureState } from '../measure/engine.js';
import { RUN_SCHEMA_VERSION } from '../measure/files.js';
import { RunOutput } from '../measure/output.js';
import { serverTarget, type ServerChoice } from '../measure/targets.js';
import { checkClientLimits } from '../strategies/limits.js';
import { defaultWorkers, type StrategyEntry } from '../strategies/registry.js';
import { aaCopy, suiteCommands } from './commands.js';
import { checkOriginal, originalRecord, type OriginalCheckout } from './original.js';

export interface SuitePlan {
  warmup: number;
  runs: number;
  queries: number;
  chunk: number;
  /** The event-loop strategies' connection cap, passed to every client as --connections. */
  connections: number;
  /** Seconds of measured runs per long command; 0: exactly -w/-r for every command (--exact). */
  budgetSeconds: number;
  /** A strategy that did not fit fails the run. */
  strict: boolean;
  /** The export; the other files are named after it. */
  output: string;
  strategies: StrategyEntry[];
  /** The runtime binary of the timed clients, and the flag that named it (--runtime, or its old spelling --node). */
  runtime: string;
  runtimeFlag: string;
  /** The runtime binary of our server; default: the one running this. */
  serverRuntime?: string;
  server: ServerChoice;
  /** The Python original's checkout (--original) and the Python that runs it (--python). */
  original?: { dir: string; python: string };
  /** --aa: the A/A control on the default command (true) or on this one. */
  aa?: string | true;
  seed: number;
  /** The command line that started the run, as recorded. */
  command: string;
}

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

/** Runs the suite; returns the exit code. Throws UsageError for what the user must fix first. */
export async function runSuite(plan: SuitePlan): Promise<number> {
  const runtime = probeRuntime(plan.runtime, plan.runtimeFlag);
  const serverRuntime = plan.serverRuntime ? probeRuntime(plan.serverRuntime, '--server-runtime') : currentRuntime();
  const original = plan.original ? originalCheckout(plan, plan.original) : undefined;
  const commands = suiteCommands(plan.strategies, runtime, plan, serverTarget(plan.server), original);
  if (plan.aa !== undefined) {
    const at = commands.findIndex((c) => c.name === aaTarget(plan, commands.map((command) => command.name)));
    commands.splice(at + 1, 0, aaCopy(commands[at]!));
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
  let base: Parameters<RunOutput['write']>[1] | undefined;
  let reportFailed = false;
  const write = async (state: MeasureState): Promise<void> => {
    const server = state.targets.values().next().value;
    if (server) parameters.server = server.address;
    parameters.skipped = state.notMeasured.map((verdict) => verdict.strategy).join(',');
    const originals = commands.filter((c) => !c.writesOutcome).map((c) => c.name);
    base ??= {
      schemaVersion: RUN_SCHEMA_VERSION,
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
