// The suite, as the original's run.sh, against one server: one hyperfine call per
// strategy (each its own warmup/run settings and a clean boundary), joined into one
// export as each finishes, with every invocation's outcome, the environment record and
// the report beside it; a line of progress per invocation; what was measured kept on
// every path (a failing strategy, Ctrl-C, SIGTERM). With --original, the Python original's
// client runs beside ours, its requests counted by the server (original.ts).
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
import { suiteCommands, type SuiteCommand } from './commands.js';
import { DurationModel } from './estimate.js';
import { InvocationLog, type Invocation } from './invocations.js';
import { checkOriginal, originalRecord, requestCount, requestCountMismatch, type OriginalCheckout } from './original.js';
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
  /** The Python original's checkout (--original) and the Python that runs it (--python). */
  original?: { dir: string; python: string };
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

/** Why a strategy failed: the exit status the suite ends with, one line, what the failing run said, and where to look when it said nothing. */
interface Failure {
  status: number;
  reason: string;
  said: string[];
  hint?: string;
}

type Measured = { ok: true; exportFile: string; settings: StrategySettings; invocations: Invocation[] } | ({ ok: false } & Failure);

interface Context {
  plan: SuitePlan;
  rule: SettingsRule;
  scratch: string;
  env: NodeJS.ProcessEnv;
  progress: SuiteProgress;
  /** The server's /multiply count, for commands that verify no response; absent when the server has no /stats. */
  countRequests?: () => Promise<number | null>;
}

/** A failed hyperfine call as a Failure; a command that leaves no error lines (the original's) gets how to see its own. */
function hyperfineFailure(command: SuiteCommand, result: HyperfineResult): Failure {
  const said = result.clientErrors.slice(-5);
  const where = command.cwd ? `cd ${command.cwd} && ` : '';
  const hint = said.length === 0 ? `hyperfine hides what the command printed; run it by hand to see why: ${where}${command.argv.join(' ')}` : undefined;
  return { status: exitStatus(result) || 1, reason: hyperfineError(result), said, ...(hint ? { hint } : {}) };
}

/**
 * timed(), and for a command that verifies no response, the server's request count before
 * and after: a Failure when it did not grow by exactly the requests of every invocation.
 */
async function countedTimed(...args: Parameters<typeof timed>): Promise<{ ok: true; result: HyperfineResult } | ({ ok: false } & Failure)> {
  const [command, , settings, , context] = args;
  const perInvocation = command.requestsPerInvocation;
  const count = perInvocation === undefined ? undefined : context.countRequests;
  const before = count ? await count() : null;
  const result = await timed(...args);
  if (result.code !== 0) return { ok: false, ...hyperfineFailure(command, result) };
  if (!count || perInvocation === undefined || isStopping()) return { ok: true, result };
  const after = await count();
  const mismatch =
    before === null || after === null
      ? `the server stopped answering /stats during ${command.name}: its requests could not be counted`
      : requestCountMismatch(command.name, after - before, perInvocation, settings.warmup + settings.runs);
  return mismatch === null ? { ok: true, result } : { ok: false, status: 1, reason: mismatch, said: [] };
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
      cwd: command.cwd,
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
    const probe = await countedTimed(command, log, { warmup: 0, runs: 1 }, `${stem}.probe.json`, context, (invocation, failed) => {
      done.push(invocation);
      // Its n is known once it decided the settings; a failed probe decides nothing.
      if (failed) progress.invocation(invocation, null, true, { probe: true, failed });
    });
    if (isStopping()) return parked();
    if (!probe.ok) return probe;
    const probeSeconds = (await readHyperfineExport(`${stem}.probe.json`)).results[0]?.mean;
    if (probeSeconds === undefined) throw new Error(`hyperfine left no probe result for ${command.name}`);
    settings = settingsAfterProbe(rule, probeSeconds);
    hyperfineWarmup = settings.warmup - 1;
    for (const invocation of done) progress.invocation(invocation, invocations(settings), true, { probe: true });
  }
  say(`${command.name}: ${settings.warmup} warmup + ${settings.runs} runs (${settings.reason})`);
  const of = invocations(settings);
  const exportFile = `${stem}.json`;
  const result = await countedTimed(command, log, { warmup: hyperfineWarmup, runs: settings.runs }, exportFile, context, (invocation, failed) => {
    done.push(invocation);
    progress.invocation(invocation, of, invocation.index <= settings.warmup, { failed });
  });
  if (isStopping()) return parked();
  if (!result.ok) return result;
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

/** The original's checkout and Python, checked for the parts of it this run uses. */
function originalCheckout(plan: SuitePlan, given: { dir: string; python: string }): OriginalCheckout {
  const client = plan.strategies.some((entry) => entry.original);
  const server = plan.server === 'original';
  if (!client && !server) {
    throw new UsageError(`--original adds the original's strategies among those selected, and -s names none of them (${plan.strategies.map((s) => s.name).join(',')})`);
  }
  return checkOriginal(given.dir, given.python, { client, server });
}

/** Runs the suite; returns the exit code. Throws UsageError for what the user must fix first. */
export async function runSuite(plan: SuitePlan): Promise<number> {
  // As a container's PID 1, a signal without a handler would be ignored.
  handleSignals();
  if (hyperfineVersion() === null) throw new UsageError(HYPERFINE_MISSING);
  const node = checkNodeBinary(plan.node, '--node');
  const original = plan.original ? originalCheckout(plan, plan.original) : undefined;
  const commands = suiteCommands(plan.strategies, plan.node, plan, original);
  const { measured, notMeasured } = fitting(commands);
  if (measured.length === 0) {
    say('error: no strategy can run on this machine (see above)');
    return 1;
  }
  const busy = busyMachineWarning();
  if (busy) say(busy);

  const files = suiteFiles(plan.output);
  await checkWritable(dirname(plan.output));
  const server = await SERVERS[plan.server].start({ node: plan.node, original, say });
  const originals = commands.filter((command) => command.requestsPerInvocation !== undefined).map((command) => command.name);
  let unverified: string | null = null;
  if (originals.length > 0) {
    // Before the first command: a server without /stats leaves the original's client unchecked, and says so.
    const counted = await requestCount(server.origin).catch(async (error: unknown) => {
      await server.stop();
      throw new Error(`the server at ${server.address} does not answer /stats: ${describeError(error)}`);
    });
    if (counted === null) {
      unverified = `the server at ${server.address} (${server.name}) has no /stats to count requests with, and the original's client checks no response`;
      say(`note: the original's client is unverified here: ${unverified}`);
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), 'ntab-suite-'));
  const rule: SettingsRule = { warmup: plan.warmup, runs: plan.runs, budgetSeconds: plan.budgetSeconds };
  const parameters: Record<string, string | number> = {
    queries: plan.queries,
    chunk: plan.chunk,
    connections: plan.connections,
    runs: plan.runs,
    warmup: plan.warmup,
    budget: isExact(rule) ? 'exact' : plan.budgetSeconds,
    strategies: commands.map((command) => command.name).join(','),
    server: server.address,
    skipped: notMeasured.map((verdict) => verdict.strategy).join(','),
  };
  for (const [key, variable] of Object.entries(CONDITIONS)) {
    const value = process.env[variable];
    if (value) parameters[key] = parameterValue(value);
  }
  const record: SuiteRecord = {
    ...collectEnvironment({
      parameters,
      node,
      server: { choice: plan.server, name: server.name, host: server.host, port: server.port },
      original: original ? originalRecord(original, originals, unverified) : undefined,
    }),
    command: plan.command,
    settings: {},
    notMeasured,
  };
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
    const countRequests =
      originals.length > 0 && unverified === null
        ? () =>
            requestCount(server.origin).catch((error: unknown) => {
              throw new Error(`the server at ${server.address} stopped answering /stats: ${describeError(error)}`);
            })
        : undefined;
    const context: Context = { plan, rule, scratch, env: server.env, progress, countRequests };

    let failed: ({ name: string } & Failure) | undefined;
    for (const [index, command] of measured.entries()) {
      if (isStopping()) return await parked();
      current = command.name;
      progress.begin(index);
      const outcome = await measure(command, index, context);
      if (isStopping()) return await parked();
      if (!outcome.ok) {
        failed = { name: command.name, ...outcome };
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
      status = failed.status;
      say(`error: ${failed.name} failed (${failed.reason})`);
      if (failed.said.length > 0) say(`the failing run said:\n${failed.said.join('\n')}`);
      if (failed.hint) say(failed.hint);
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

