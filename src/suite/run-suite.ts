// The suite, as the original's run.sh, against one server: one hyperfine call per
// strategy (each its own warmup/run settings and a clean boundary), joined into one
// export as each finishes, with every invocation's outcome, the environment record and
// the report beside it; a line of progress per invocation; what was measured kept on
// every path (a failing strategy, Ctrl-C, SIGTERM).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeError, UsageError } from '../common/cli-errors.js';
import { busyMachineWarning, collectEnvironment } from '../environment/collect.js';
import { parameterValue } from '../environment/parameters.js';
import { handleSignals, isStopping, onStop } from '../runner/children.js';
import { HYPERFINE_MISSING, hyperfineVersion, readHyperfineExport, runHyperfine, type HyperfineResult } from '../runner/hyperfine.js';
import { checkNodeBinary } from '../runner/node-check.js';
import type { StrategyEntry } from '../strategies/registry.js';
import { assessThreadBudget, threadCheckSkipped, ThreadBudgetError, type ThreadBudget } from '../strategies/thread-budget.js';
import { clientCommand, type SuiteCommand } from './commands.js';
import { DurationModel } from './estimate.js';
import { InvocationLog, type Invocation } from './invocations.js';
import { SuiteProgress } from './progress.js';
import { suiteFiles, SuiteResults, type SuiteRecord } from './result-set.js';
import { describeRule, exactSettings, invocations, isExact, settingsAfterProbe, type SettingsRule, type StrategySettings } from './settings.js';
import { SERVERS, type ServerChoice } from './servers.js';

export interface SuitePlan {
  warmup: number;
  runs: number;
  queries: number;
  chunk: number;
  /** The async strategies' connection cap, passed to every client as --connections. */
  connections: number;
  /** Seconds of measured runs per long strategy; 0: exactly -w/-r for every strategy (--exact). */
  budgetSeconds: number;
  /** A strategy that did not fit fails the run. */
  strict: boolean;
  /** The joined hyperfine JSON export; the other files are named after it. */
  output: string;
  strategies: StrategyEntry[];
  /** The node binary of the timed clients. */
  node: string;
  server: ServerChoice;
  /** The command line that started the run, as recorded. */
  command: string;
}

/** Conditions set by scripts/netns-run.sh (or the user), recorded when set. */
const CONDITIONS = { network: 'BENCHMARK_NETWORK', link: 'BENCHMARK_LINK', rttMs: 'BENCHMARK_RTT_MS', serverDelay: 'BENCHMARK_SERVER_DELAY' } as const;
/** How often the invocation log is read while hyperfine runs. */
const POLL_MS = 100;

function say(line: string): void {
  process.stderr.write(`suite: ${line}\n`);
}

/** Resolves never: a signal is stopping everything, and children.ts exits once what was measured is written. */
function parked(): Promise<never> {
  return new Promise<never>(() => {});
}

/**
 * A thread strategy this machine cannot hold (memory, vm.max_map_count, open files, the cap)
 * would crash mid-suite: it is not started, and its verdict is a result of the run.
 */
function fitting(commands: readonly SuiteCommand[]): { measured: SuiteCommand[]; notMeasured: ThreadBudget[] } {
  const measured: SuiteCommand[] = [];
  const notMeasured: ThreadBudget[] = [];
  const skipCheck = threadCheckSkipped();
  for (const command of commands) {
    const budget = command.liveThreads > 0 && !skipCheck ? assessThreadBudget(command.name, command.liveThreads) : undefined;
    if (budget && !budget.fits) {
      say(`did not fit, not measured: ${new ThreadBudgetError(budget).message}`);
      notMeasured.push(budget);
    } else {
      measured.push(command);
    }
  }
  return { measured, notMeasured };
}

/** The results directory must take files before minutes are spent measuring. */
async function checkWritable(dir: string): Promise<void> {
  const probe = join(dir, `.suite-write-check.${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(`cannot write results into ${dir}: ${describeError(error)}`);
  }
}

function exitStatus(result: HyperfineResult): number {
  return result.code ?? 128 + (result.signal ? constants.signals[result.signal] : 0);
}

/** One line saying why a hyperfine call failed: its own error line, else its exit. */
function hyperfineError(result: HyperfineResult): string {
  const line = result.outputTail.map((l) => l.trim()).filter((l) => l.startsWith('Error: ')).pop();
  // Its advice (-i, --show-output) is for hyperfine's own users: the client's reason follows.
  return line ? `hyperfine: ${line.slice('Error: '.length).replace(/\. Use the '-i'.*$/, '')}` : `hyperfine exited with ${exitStatus(result)}`;
}

type Measured = { ok: true; exportFile: string; settings: StrategySettings; invocations: Invocation[] } | { ok: false; result: HyperfineResult };

interface Context {
  plan: SuitePlan;
  rule: SettingsRule;
  scratch: string;
  env: NodeJS.ProcessEnv;
  progress: SuiteProgress;
}

/** One hyperfine call over `command`, each invocation reported as it ends. */
async function timed(
  command: SuiteCommand,
  log: InvocationLog,
  settings: { warmup: number; runs: number },
  exportJson: string,
  context: Context,
  ended: (invocation: Invocation, failed: boolean) => void,
): Promise<HyperfineResult> {
  let reading = Promise.resolve();
  let readError: unknown;
  const read = () =>
    (reading = reading
      .then(async () => (await log.read()).forEach((invocation) => ended(invocation, false)))
      .catch((error: unknown) => {
        readError ??= error;
      }));
  const timer = setInterval(read, POLL_MS);
  try {
    const result = await runHyperfine({
      commands: [{ name: command.name, argv: command.argv }],
      warmup: settings.warmup,
      runs: settings.runs,
      exportJson,
      prepare: log.prepareCommand(),
      env: { ...context.env, ...log.environment() },
      echo: false,
    });
    const endedAt = Date.now();
    clearInterval(timer);
    await reading;
    if (readError !== undefined) throw new Error(`could not read the invocations of ${command.name} (${log.file}): ${describeError(readError)}`);
    if (!isStopping()) {
      // hyperfine stops at the first failing invocation: the last one.
      const last = await log.close(endedAt);
      last.forEach((invocation, i) => ended(invocation, result.code !== 0 && i === last.length - 1));
    }
    return result;
  } finally {
    clearInterval(timer);
    await reading;
    await log.dispose();
  }
}

/** The probe (unless --exact), the settings it decides, then the strategy's own hyperfine call. */
async function measure(command: SuiteCommand, index: number, context: Context): Promise<Measured> {
  const { rule, scratch, progress } = context;
  const stem = join(scratch, `${index + 1}-${command.name}`);
  const log = new InvocationLog(`${stem}.invocations`);
  const done: Invocation[] = [];
  let settings: StrategySettings;
  let hyperfineWarmup: number;
  if (isExact(rule)) {
    settings = exactSettings(rule);
    hyperfineWarmup = settings.warmup;
  } else {
    const probe = await timed(command, log, { warmup: 0, runs: 1 }, `${stem}.probe.json`, context, (invocation, failed) => {
      done.push(invocation);
      // Its n is known once it decided the settings; a failed probe decides nothing.
      if (failed) progress.invocation(invocation, null, true, { probe: true, failed });
    });
    if (isStopping()) return parked();
    if (probe.code !== 0) return { ok: false, result: probe };
    const probeSeconds = (await readHyperfineExport(`${stem}.probe.json`)).results[0]?.mean;
    if (probeSeconds === undefined) throw new Error(`hyperfine left no probe result for ${command.name}`);
    settings = settingsAfterProbe(rule, probeSeconds);
    hyperfineWarmup = settings.warmup - 1;
    for (const invocation of done) progress.invocation(invocation, invocations(settings), true, { probe: true });
  }
  say(`${command.name}: ${settings.warmup} warmup + ${settings.runs} runs (${settings.reason})`);
  const of = invocations(settings);
  const exportFile = `${stem}.json`;
  const result = await timed(command, log, { warmup: hyperfineWarmup, runs: settings.runs }, exportFile, context, (invocation, failed) => {
    done.push(invocation);
    progress.invocation(invocation, of, invocation.index <= settings.warmup, { failed });
  });
  if (isStopping()) return parked();
  if (result.code !== 0) return { ok: false, result };
  return { ok: true, exportFile, settings, invocations: done };
}

/** "async-for: 0.352 s ± 0.012 s (mean ± σ of 10 runs; min 0.331 s, max 0.377 s)" from hyperfine's export. */
async function summary(name: string, exportFile: string): Promise<string> {
  const result = (await readHyperfineExport(exportFile)).results[0];
  if (!result) return `${name}: no result`;
  const s = (value: number | null) => (value === null ? '?' : `${value >= 10 ? value.toFixed(1) : value.toFixed(3)} s`);
  const spread = result.stddev === null ? '' : ` ± ${s(result.stddev)}`;
  const runs = result.times?.length ?? 0;
  return `${name}: ${s(result.mean)}${spread} (mean${result.stddev === null ? '' : ' ± σ'} of ${runs} ${runs === 1 ? 'run' : 'runs'}; min ${s(result.min)}, max ${s(result.max)})`;
}

/** Where the results are, or why there are none: true to the files on disk. */
function whereResults(results: SuiteResults): string {
  if (results.measured.length > 0) return `what this run measured (${results.measured.join(', ')}) is in ${results.files.json}`;
  return existsSync(results.files.json)
    ? `nothing was measured; ${results.files.json} and the files beside it, from an earlier run, were left as they were`
    : 'nothing was measured, no result files were written';
}

/** Runs the suite; returns the exit code. Throws UsageError for what the user must fix first. */
export async function runSuite(plan: SuitePlan): Promise<number> {
  // As a container's PID 1, a signal without a handler would be ignored.
  handleSignals();
  if (hyperfineVersion() === null) throw new UsageError(HYPERFINE_MISSING);
  const node = checkNodeBinary(plan.node, '--node');
  const commands = plan.strategies.map((entry) => clientCommand(entry, plan.node, plan));
  const { measured, notMeasured } = fitting(commands);
  if (measured.length === 0) {
    say('error: no strategy can run on this machine (see above)');
    return 1;
  }
  const busy = busyMachineWarning();
  if (busy) say(busy);

  const files = suiteFiles(plan.output);
  await checkWritable(dirname(plan.output));
  const server = await SERVERS[plan.server].start({ node: plan.node, say });
  const scratch = await mkdtemp(join(tmpdir(), 'ntab-suite-'));
  const rule: SettingsRule = { warmup: plan.warmup, runs: plan.runs, budgetSeconds: plan.budgetSeconds };
  const parameters: Record<string, string | number> = {
    queries: plan.queries,
    chunk: plan.chunk,
    connections: plan.connections,
    runs: plan.runs,
    warmup: plan.warmup,
    budget: isExact(rule) ? 'exact' : plan.budgetSeconds,
    strategies: plan.strategies.map((s) => s.name).join(','),
    server: server.address,
    skipped: notMeasured.map((verdict) => verdict.strategy).join(','),
  };
  for (const [key, variable] of Object.entries(CONDITIONS)) {
    const value = process.env[variable];
    if (value) parameters[key] = parameterValue(value);
  }
  const record: SuiteRecord = { ...collectEnvironment({ parameters, node }), command: plan.command, settings: {}, notMeasured };
  const results = new SuiteResults(files, record);
  let current: string | undefined;
  const unregister = onStop(async (signal) => {
    const where = current ? ` during ${current}` : '';
    await results.finish(`stopped by ${signal}${where}`);
    await rm(scratch, { recursive: true, force: true });
    say(`stopped by ${signal}${where}: ${whereResults(results)}`);
    if (results.measured.length > 0) say(`files: ${results.written().join(' ')}`);
  });
  try {
    say(`Node ${node.node}, server ${server.address}, queries ${plan.queries}, chunk ${plan.chunk}, connections ${plan.connections} -> ${plan.output}`);
    say(`settings: ${describeRule(rule)}`);
    const model = new DurationModel(rule);
    const progress = new SuiteProgress(model, measured, say);
    progress.announce();
    const context: Context = { plan, rule, scratch, env: server.env, progress };

    let failed: { name: string; result: HyperfineResult } | undefined;
    for (const [index, command] of measured.entries()) {
      if (isStopping()) return await parked();
      current = command.name;
      progress.begin(index);
      const outcome = await measure(command, index, context);
      if (isStopping()) return await parked();
      if (!outcome.ok) {
        failed = { name: command.name, result: outcome.result };
        break;
      }
      await results.add(command.name, outcome.exportFile, outcome.settings, outcome.invocations);
      say(await summary(command.name, outcome.exportFile));
    }
    current = undefined;
    if (isStopping()) return await parked();
    unregister();

    const reportWritten = await results.finish(failed ? `${failed.name} failed` : undefined);
    let status = reportWritten ? 0 : 1;
    if (failed) {
      status = exitStatus(failed.result) || 1;
      say(`error: ${failed.name} failed (${hyperfineError(failed.result)})`);
      if (failed.result.clientErrors.length > 0) say(`the failing run said:\n${failed.result.clientErrors.slice(-5).join('\n')}`);
      say(`the suite stopped there: ${whereResults(results)}`);
    }
    if (notMeasured.length > 0) {
      const names = notMeasured.map((verdict) => verdict.strategy).join(', ');
      if (plan.strict) {
        say(`error: did not fit this machine, not measured: ${names} (--strict or BENCHMARK_STRICT=1 makes that a failure)`);
        if (status === 0) status = 1;
      } else {
        say(`note: did not fit this machine, not measured: ${names}: a result, recorded in ${files.meta} ("notMeasured") and shown in the report`);
      }
    }
    const written = results.written();
    if (written.length > 0) say(`files: ${written.join(' ')}`);
    return status;
  } finally {
    unregister();
    if (!isStopping()) {
      await server.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

