// The one measuring engine: the suite's commands against one target, a sweep's (values x strategies)
// against one target per value, as hyperfine turns a parameter scan into more commands. Commands run
// in rounds, each due command once per round in an order shuffled from a recorded seed, so drift hits
// every command alike. Each invocation is one hyperfine call (-N, --runs 1), its outcome captured, the
// server's /stats count checked around it. `write` gets the state after every round and on Ctrl-C,
// SIGTERM or a failure, so nothing measured is lost.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../common/atomic-write.js';
import { UsageError } from '../common/cli-errors.js';
import { isJsonObject, parseJsonOrUndefined, type JsonObject } from '../common/json.js';
import { PROJECT_FILES } from '../common/project-root.js';
import { cpuSnapshot, type CpuSnapshot } from '../environment/cpu.js';
import { busyMachineWarning } from '../environment/collect.js';
import { HYPERFINE_MISSING, hyperfineVersion } from '../environment/hyperfine-version.js';
import { runScript, threadRuntimeOf, type Runtime } from '../environment/runtime.js';
import { handleSignals, isStopping, onStop } from '../runner/children.js';
import { failureReason, timeOnce, type TimedCommand, type TimedRun } from '../runner/hyperfine.js';
import { liveThreads, totalThreads, type RunSizes, type StrategyEntry } from '../strategies/registry.js';
import { assessThreadBudget, threadCheckSkipped, ThreadBudgetError, type ThreadBudget, type ThreadRuntime } from '../strategies/thread-budget.js';
import { Progress, type Planned } from './progress.js';
import { describeRule, givenSettings, invocations, settingsAfterProbe, type CommandSettings, type SettingsRule } from './settings.js';
import { requestCount, targetEnvironment, Targets, type Target, type TargetContext, type TargetSpec } from './targets.js';

/** One command the engine times, its target through BENCHMARK_SERVER_HOST/PORT: our client on one strategy, or the original's. */
export interface MeasuredCommand extends TimedCommand {
  target: TargetSpec;
  /** /multiply requests one invocation makes: a server with /stats must count exactly these. */
  requests: number;
  /** Our client writes its outcome (BENCHMARK_OUTCOME_FILE); the original's writes none. */
  writesOutcome: boolean;
  /** Worker threads one run starts, summed over its pools (the estimate's input). */
  threadStarts: number;
  /** Worker threads alive at once: what the thread budget checks before anything starts. */
  liveThreads: number;
  /** The runtime of the client, whose memory model the budget uses (default: this process's). */
  threadRuntime?: ThreadRuntime;
}

/** Our client running `entry` on `runtime` (-r, -c, --connections, then `args`), named `name`. */
export function clientCommand(entry: StrategyEntry, runtime: Runtime, sizes: Omit<RunSizes, 'workers'>, target: TargetSpec, name = entry.name, args: string[] = []): MeasuredCommand {
  const { requests, chunk, connections } = sizes;
  return {
    name,
    argv: runScript(runtime, PROJECT_FILES.clientCli, [entry.name, '-r', String(requests), '-c', String(chunk), '--connections', String(connections), ...args]),
    target,
    requests: entry.kind === 'reference' ? 0 : requests,
    writesOutcome: true,
    threadStarts: totalThreads(entry, requests, chunk, { connections }),
    liveThreads: liveThreads(entry, requests, chunk, { connections }),
    threadRuntime: threadRuntimeOf(runtime),
  };
}

/** One timed invocation of a command: `invocation` counts from 1 within it; `outcome` is null when the client wrote none. */
export interface InvocationRecord extends Pick<TimedRun, 'seconds' | 'user' | 'system' | 'exitCode'> {
  command: string;
  round: number;
  invocation: number;
  warmup: boolean;
  outcome: JsonObject | null;
}

interface Failure {
  reason: string;
  /** What the failing run said (its error lines). */
  said: string[];
  hint?: string;
}

export interface CommandState {
  command: MeasuredCommand;
  settings: CommandSettings;
  /** Runs added beyond the settings (moreRuns). */
  extraRuns: number;
  invocations: InvocationRecord[];
  failure?: Failure;
}

export interface MeasureState {
  commands: CommandState[];
  notMeasured: ThreadBudget[];
  /** The shuffle's seed and the order of every round, as run. */
  seed: number;
  rounds: string[][];
  /** The target of each command, by name, once started. */
  targets: Map<string, Target>;
  /** How each command's requests were checked: 'server /stats', or null with the reason in `unverified`. */
  verifiedBy: Map<string, string | null>;
  unverified: Map<string, string>;
  cpuAtStart: CpuSnapshot | null;
  /** Set when the measurement ended early: why. */
  stopped?: string;
  done: boolean;
}

export interface MeasurePlan {
  /** "suite", "sweep": names the work in progress lines. */
  what: string;
  commands: MeasuredCommand[];
  rule: SettingsRule;
  seed: number;
  targets: TargetContext;
  /** Writes the files from the state: after every round and once at the end (also when stopped). */
  write(state: MeasureState): Promise<void>;
  /** After the planned runs: the commands that need one more run each (e.g. near a crossover); asked after every extra round. */
  moreRuns?(state: MeasureState): string[];
  /** Most extra rounds moreRuns may add. */
  maxExtraRounds?: number;
  say(line: string): void;
}

/** A small seeded generator (mulberry32): the same seed gives the same round orders. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with the given generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function measuredRuns(state: CommandState): InvocationRecord[] {
  return state.invocations.filter((invocation) => !invocation.warmup);
}

function planned(state: CommandState): number {
  return invocations(state.settings) + state.extraRuns;
}

function needsMore(state: CommandState): boolean {
  return state.failure === undefined && state.invocations.length < planned(state);
}

/** Every measurement's temporary files live in one folder named after its process; a killed one's is removed by the next. */
const SCRATCH = 'ntab-measure-';

async function removeStaleScratch(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = Number(new RegExp(`^${SCRATCH}(\\d+)-`).exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !pidAlive(pid)) await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Resolves never: a signal is stopping everything, and children.ts exits once what was measured is written. */
function parked(): Promise<never> {
  return new Promise<never>(() => {});
}

/** A thread strategy this machine cannot hold would crash mid-run: it is not started, and its verdict is a result. */
function fitting(commands: readonly MeasuredCommand[], say: (line: string) => void): { measured: MeasuredCommand[]; notMeasured: ThreadBudget[] } {
  const skip = threadCheckSkipped();
  const verdicts = commands.map((c) => (c.liveThreads > 0 && !skip ? assessThreadBudget(c.name, c.liveThreads, c.threadRuntime) : undefined));
  const notMeasured = verdicts.filter((budget): budget is ThreadBudget => budget?.fits === false);
  for (const budget of notMeasured) say(`did not fit, not measured: ${new ThreadBudgetError(budget).message}`);
  return { measured: commands.filter((_, i) => verdicts[i]?.fits !== false), notMeasured };
}

async function readOutcome(file: string): Promise<JsonObject | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const last = parseJsonOrUndefined(lines[lines.length - 1] ?? '');
  return isJsonObject(last) ? last : null;
}

/** Why an invocation failed, or undefined when it did not. */
function judge(state: CommandState, run: TimedRun, outcome: JsonObject | null, counted: number | null): Failure | undefined {
  const { command } = state;
  if (run.hyperfine.code !== 0 || run.exitCode !== 0) {
    const said = run.clientErrors.slice(-5);
    const where = command.cwd ? `cd ${command.cwd} && ` : '';
    const hint = said.length === 0 ? `hyperfine hides what the command printed; run it by hand to see why: ${where}${command.argv.join(' ')}` : undefined;
    return { reason: failureReason(run), said, ...(hint ? { hint } : {}) };
  }
  if (command.writesOutcome && outcome === null) return { reason: 'the client exited 0 without writing its outcome', said: [] };
  // Our client checks every response: more counted can be another client host's, fewer cannot. The original's must match exactly.
  if (counted !== null && (counted < command.requests || (counted > command.requests && !command.writesOutcome))) {
    const why =
      counted < command.requests
        ? command.writesOutcome
          ? 'requests were lost without the client noticing'
          : "the original's client checks no response and its thread strategies drop errors, so requests were lost without a failure"
        : 'more than it sent: another client is using the same server';
    return { reason: `the server counted ${counted} /multiply requests during one invocation of ${command.name}, ${command.requests} expected: ${why}`, said: [] };
  }
  return undefined;
}

/** Runs the plan; resolves with the final state (also written). Throws UsageError for what the user must fix first. */
export async function measure(plan: MeasurePlan): Promise<MeasureState> {
  // As a container's PID 1, a signal without a handler would be ignored.
  handleSignals();
  const { say } = plan;
  if (hyperfineVersion() === null) throw new UsageError(HYPERFINE_MISSING);
  const { measured, notMeasured } = fitting(plan.commands, say);
  const state: MeasureState = {
    commands: measured.map((command) => ({ command, settings: givenSettings(plan.rule), extraRuns: 0, invocations: [] })),
    notMeasured,
    seed: plan.seed,
    rounds: [],
    targets: new Map(),
    verifiedBy: new Map(),
    unverified: new Map(),
    cpuAtStart: cpuSnapshot(),
    done: false,
  };
  if (measured.length === 0) {
    state.stopped = 'no command can run on this machine';
    return state;
  }
  const busy = busyMachineWarning();
  if (busy) say(busy);

  const targets = new Targets(plan.targets);
  await removeStaleScratch();
  const scratch = await mkdtemp(join(tmpdir(), `${SCRATCH}${process.pid}-`));
  let current: string | undefined;
  const unregister = onStop(async (signal) => {
    state.stopped = `stopped by ${signal}${current ? ` during ${current}` : ''}`;
    await plan.write(state);
    await rm(scratch, { recursive: true, force: true });
  });
  try {
    // Every target up before the first invocation: a server that cannot start fails the run at once.
    for (const { command } of state.commands) state.targets.set(command.name, await targets.get(command.target));
    const counts = new Map<string, boolean>();
    for (const { command } of state.commands) {
      const target = state.targets.get(command.name) as Target;
      if (!counts.has(target.origin)) counts.set(target.origin, (await requestCount(target.origin).catch(() => null)) !== null);
      const verified = counts.get(target.origin) === true;
      state.verifiedBy.set(command.name, verified ? 'server /stats' : command.writesOutcome ? 'the client (every response checked)' : null);
      if (!verified && !command.writesOutcome) {
        state.unverified.set(command.name, `the server at ${target.address} (${target.name}) has no /stats to count requests with, and the original's client checks no response`);
      }
    }
    // A command that checks no response, against a server that cannot count: said once, and recorded.
    const unchecked = [...state.unverified.keys()];
    if (unchecked.length > 0) say(`note: ${unchecked.join(', ')}: unverified here: ${state.unverified.get(unchecked[0]!)}`);
    say(`settings: ${describeRule(plan.rule)}; rounds in an order shuffled from seed ${plan.seed}`);
    const progress = new Progress(say);
    const plannedOf = (s: CommandState): Planned => ({
      name: s.command.name,
      threadStarts: s.command.threadStarts,
      remaining: s.failure ? 0 : planned(s) - s.invocations.length,
      times: s.invocations.map((i) => i.seconds).filter(Number.isFinite),
    });
    progress.announce(plan.what, state.commands.map(plannedOf));
    const random = seededRandom(plan.seed);

    const runRound = async (): Promise<boolean> => {
      const due = state.commands.filter(needsMore);
      if (due.length === 0) return false;
      const order = shuffled(due, random);
      state.rounds.push(order.map((s) => s.command.name));
      const round = state.rounds.length;
      for (const commandState of order) {
        if (isStopping()) return parked();
        const { command } = commandState;
        current = command.name;
        const index = commandState.invocations.length + 1;
        const warmup = index <= commandState.settings.warmup;
        const target = state.targets.get(command.name) as Target;
        const outcomeFile = join(scratch, `${round}-${index}.jsonl`);
        const counting = state.verifiedBy.get(command.name) === 'server /stats';
        const before = counting ? await requestCount(target.origin).catch(() => null) : null;
        const run = await timeOnce(command, { ...targetEnvironment(target), BENCHMARK_OUTCOME_FILE: outcomeFile }, scratch);
        if (isStopping()) return parked();
        const after = counting ? await requestCount(target.origin).catch(() => null) : null;
        const outcome = await readOutcome(outcomeFile);
        await rm(outcomeFile, { force: true });
        const { seconds, user, system, exitCode } = run;
        commandState.invocations.push({ command: command.name, round, invocation: index, warmup, seconds, user, system, exitCode, outcome });
        const counted = counting ? (before === null || after === null ? Number.NaN : after - before) : null;
        const failure =
          counted !== null && Number.isNaN(counted)
            ? { reason: `the server at ${target.address} stopped answering /stats during ${command.name}: its requests could not be counted`, said: [] }
            : judge(commandState, run, outcome, counted);
        // The first invocation decides the settings (the time budget).
        if (index === 1 && !failure) commandState.settings = settingsAfterProbe(plan.rule, run.seconds);
        if (failure) commandState.failure = failure;
        const position = { index: warmup ? index : index - commandState.settings.warmup, of: warmup ? commandState.settings.warmup : commandState.settings.runs + commandState.extraRuns, warmup };
        progress.invocation(round, plannedOf(commandState), position, state.commands.map(plannedOf), failure?.reason);
        if (index === 1 && !failure) say(`${command.name}: ${commandState.settings.warmup} warmup + ${commandState.settings.runs} runs (${commandState.settings.reason})`);
      }
      current = undefined;
      await plan.write(state);
      return true;
    };

    while (await runRound());
    for (let extra = 0; plan.moreRuns && extra < (plan.maxExtraRounds ?? 0); extra++) {
      const names = new Set(plan.moreRuns(state));
      const more = state.commands.filter((s) => names.has(s.command.name) && s.failure === undefined);
      if (more.length === 0) break;
      say(`one more run for ${more.map((s) => s.command.name).join(', ')} (extra round ${extra + 1} of at most ${plan.maxExtraRounds})`);
      for (const s of more) s.extraRuns += 1;
      await runRound();
    }
    if (isStopping()) return await parked();
    unregister();
    state.done = true;
    await plan.write(state);
    return state;
  } finally {
    unregister();
    if (!isStopping()) {
      await targets.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
