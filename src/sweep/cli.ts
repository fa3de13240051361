import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeError, fail, milliseconds, positiveInteger, parseIntegerInRange, USAGE_EXIT_CODE, UsageError, withUsageExitCodes } from '../common/cli-errors.js';
import { DelaySyntaxError, parseDelay } from '../server/delay.js';
import { targetFromEnvironment } from '../common/target.js';
import { checkNodeBinary } from '../runner/node-check.js';
import { COMPARED, PARAMETERS, PRESETS, type SweepParameter } from './presets.js';
import type { SweepPlan } from './run-sweep.js';
import { parseVariant } from './variants.js';

interface SweepFlags {
  preset?: string;
  param?: SweepParameter;
  values?: string;
  strategies?: string;
  requests?: number;
  chunk?: number;
  delay: string;
  rtt: number;
  runs?: number;
  warmup?: number;
  warm: boolean;
  output?: string;
  node: string;
  target: 'own' | 'env';
  listPresets: boolean;
  redraw?: string;
}

function nonNegative(name: string): (value: string) => number {
  return (value) => parseIntegerInRange(value, name, 0, Number.MAX_SAFE_INTEGER);
}

function parseValues(text: string, parameter: SweepParameter): number[] {
  const values = text.split(',').map((part) => {
    const trimmed = part.trim();
    if (parameter === 'chunk' || parameter === 'requests') {
      return parseIntegerInRange(trimmed, `--values (${parameter})`, 1, Number.MAX_SAFE_INTEGER);
    }
    return milliseconds(`--values (${parameter})`)(part);
  });
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Turns flags (preset defaults, then explicit flags) into a plan; UsageError for anything wrong. */
export function planFromFlags(flags: SweepFlags): SweepPlan {
  const preset = flags.preset === undefined ? undefined : PRESETS[flags.preset];
  if (flags.preset !== undefined && !preset) throw new UsageError(`unknown preset '${flags.preset}'. Presets: ${Object.keys(PRESETS).join(', ')}.`);
  const parameter = flags.param ?? preset?.parameter;
  if (!parameter) throw new UsageError(`choose a --preset (${Object.keys(PRESETS).join(', ')}) or a --param and --values.`);
  const valuesText = flags.values ?? (preset && preset.parameter === parameter ? preset.values.join(',') : undefined);
  if (valuesText === undefined) throw new UsageError(`--param ${parameter} needs --values (comma list).`);
  let clients: SweepPlan['clients'];
  let values: number[];
  if (parameter === 'node') {
    // The binaries, in the order given; the value of each is its position.
    clients = valuesText
      .split(',')
      .map((binary) => binary.trim())
      .filter((b) => b !== '')
      .map((binary) => ({ binary, version: `v${checkNodeBinary(binary, '--values').node}` }));
    if (clients.length === 0) throw new UsageError('--param node needs --values with node binaries.');
    // Two binaries of one version stay two points.
    clients.forEach((client, i) => {
      if (clients!.findIndex((c) => c.version === client.version) < i) client.version = `${client.version} #${i + 1}`;
    });
    values = clients.map((_, i) => i + 1);
  } else {
    values = parseValues(valuesText, parameter);
  }

  const strategies = (flags.strategies?.split(',') ?? preset?.strategies ?? COMPARED).filter((s) => s.trim() !== '').map(parseVariant);
  if (strategies.length === 0) throw new UsageError('--strategies is empty.');
  strategies.forEach((variant, i) => {
    if (strategies.findIndex((other) => other.label === variant.label) < i) throw new UsageError(`--strategies names '${variant.label}' twice.`);
    if (variant.chunk !== null && parameter === 'chunk') throw new UsageError(`'${variant.label}': a strategy's own C cannot be given when C is the swept parameter.`);
  });

  try {
    parseDelay(flags.delay);
  } catch (error) {
    if (error instanceof DelaySyntaxError) throw new UsageError(`--delay: ${error.message}`);
    throw error;
  }

  let external: SweepPlan['external'];
  if (flags.target === 'env') {
    if (parameter === 'delay' || parameter === 'rtt') {
      throw new UsageError(`--target env cannot sweep ${parameter}: the sweep must start its own server and proxy for that (use --target own).`);
    }
    if (flags.delay !== '0' || flags.rtt !== 0) throw new UsageError('--delay and --rtt need --target own: with --target env the link and server are given.');
    const target = targetFromEnvironment();
    external = { host: target.host, port: target.port };
  }
  const nodeVersions = checkNodeBinary(flags.node, '--node');

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    preset: flags.preset ?? null,
    parameter,
    values,
    strategies,
    requests: flags.requests ?? preset?.requests ?? 1000,
    chunk: flags.chunk ?? preset?.chunk ?? 100,
    delay: flags.delay,
    rtt: flags.rtt,
    runs: flags.runs ?? preset?.runs ?? 3,
    warmup: flags.warmup ?? preset?.warmup ?? 1,
    // The work sweep asks about pools that are already up: every point is warm.
    warm: flags.warm || parameter === 'work',
    output: flags.output ?? join('results', `sweep-${flags.preset ?? parameter}-${stamp}`),
    node: flags.node,
    nodeVersions,
    clients,
    external,
  };
}

function buildCommand(): Command {
  const presets = Object.entries(PRESETS)
    .map(
      ([name, p]) =>
        `  ${name.padEnd(12)} ${p.description}\n${' '.repeat(15)}${p.parameter} = ${p.values.join(', ')}; ${p.strategies.join(', ')}; ` +
        `${p.requests} requests, ${p.warmup} warmup + ${p.runs} runs per point${p.warm ? ', warm' : ''}: ${p.duration}`,
    )
    .join('\n');
  const parameters = Object.entries(PARAMETERS).map(([name, text]) => `  ${name.padEnd(9)} ${text}`).join('\n');
  return withUsageExitCodes(new Command('benchmark sweep'))
    .description('Runs strategies across values of one parameter with hyperfine and charts time and req/s against it (see docs/sweeps.md).')
    .addOption(new Option('--preset <name>', 'a built-in sweep (see below); flags given too override its settings'))
    .addOption(new Option('--param <name>', 'the parameter to sweep').choices(Object.keys(PARAMETERS)))
    .option('--values <list>', 'comma-separated values of the parameter (ms for delay and rtt)')
    .option('-s, --strategies <list>', `comma-separated strategies, each optionally at its own C ("threads-reuse c=2") (default: ${COMPARED.join(', ')})`)
    .addOption(new Option('-r, --requests <n>', 'requests per run (default 1000)').argParser(positiveInteger('--requests')))
    .addOption(new Option('-c, --chunk <n>', 'chunk / concurrency C (default 100)').argParser(positiveInteger('--chunk')))
    .option('--delay <spec>', 'server upstream delay for every point (benchmark-server --delay)', '0')
    .addOption(new Option('--rtt <ms>', 'link RTT for every point, via the latency proxy on loopback').default(0).argParser(milliseconds('--rtt')))
    .addOption(new Option('--runs <n>', 'measured runs per point (default 3)').argParser(positiveInteger('--runs')))
    .addOption(new Option('--warmup <n>', 'warmup runs per point (default 1)').argParser(nonNegative('--warmup')))
    .option('--warm', "every client run with --warm: the strategy's clock starts once its pools are up and connections open (always with --param work)", false)
    .option('-o, --output <dir>', 'output directory (default results/sweep-<preset|param>-<UTC time>)')
    .addOption(new Option('--node <bin>', 'node binary for the client runs, server and proxy').default(process.execPath, 'the node running this'))
    .addOption(new Option('--target <where>', 'own: start a loopback server (and proxy); env: BENCHMARK_SERVER_HOST/PORT (e.g. inside scripts/netns-run.sh)').choices(['own', 'env']).default('own'))
    .option('--list-presets', 'print the presets and exit', false)
    .option('--redraw <dir>', 'check DIR/sweep.json, then redraw DIR/chart.svg and DIR/sweep.md from it, without running')
    .showHelpAfterError('(run "benchmark sweep --help" for usage)')
    .addHelpText('after', `\nParameters:\n${parameters}\n\nPresets:\n${presets}\n
Writes DIR/sweep.json (all points + environment), DIR/sweep.md, DIR/chart.svg, and per point
DIR/runs/<param>-<value>-<strategy>.json (hyperfine's export) and .outcomes.jsonl (every invocation's
outcome, warmups first). All three are written again after every point, so Ctrl-C keeps what was measured.
Warm sweeps (work) chart and compare the in-process time (the strategy's own clock, pools already up)
and show hyperfine's whole-process time (Node and pool start-up included) beside it; the work sweep
prints its crossover: the smallest work at which warm threads beat the best event-loop strategy
beyond noise (Welch's t-test, p < 0.05, on the in-process times).
Exit codes: 0 every point ran, 1 a point failed (the others are still written), 2 usage error
(also: --redraw on a sweep.json that fails its check; nothing is written then).

Examples:
  benchmark sweep --preset concurrency
  benchmark sweep --preset latency -s threads-reuse,async-limit --runs 5
  benchmark sweep --preset work
  benchmark sweep --param work --values 0,1,5 -s "threads-reuse c=2,async-for" -r 200
  benchmark sweep --param chunk --values 1,10,100 -r 200 --rtt 5
  scripts/netns-run.sh --rtt 2 -- node dist/client/cli.js sweep --preset concurrency --target env`);
}

/** `benchmark sweep [flags]`: returns the exit code. */
export async function sweepCommand(args: string[]): Promise<number> {
  const command = buildCommand();
  command.parse(args, { from: 'user' });
  const flags = command.opts<SweepFlags>();
  if (flags.listPresets) {
    for (const [name, p] of Object.entries(PRESETS)) process.stdout.write(`${name}  ${p.parameter} = ${p.values.join(',')}  (${p.description})\n`);
    return 0;
  }
  if (flags.redraw !== undefined) {
    const { checkSweepResult, SweepFormatError } = await import('./result.js');
    const { writeViews } = await import('./outputs.js');
    const file = join(flags.redraw, 'sweep.json');
    let result;
    try {
      result = checkSweepResult(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      // Checked in full before anything is drawn: a damaged sweep.json is left as it is.
      if (error instanceof SweepFormatError) fail(`${file} is not a usable sweep result: ${error.message}.`, USAGE_EXIT_CODE);
      fail(`cannot read ${file}: ${describeError(error)}`, USAGE_EXIT_CODE);
    }
    await writeViews(result, flags.redraw);
    process.stderr.write(`sweep: redrew ${join(flags.redraw, 'chart.svg')} and sweep.md\n`);
    return 0;
  }
  let plan: SweepPlan;
  try {
    plan = planFromFlags(flags);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidArgumentError) fail(error.message, USAGE_EXIT_CODE);
    throw error;
  }
  const { runSweep } = await import('./run-sweep.js');
  try {
    const result = await runSweep(plan);
    const failed = result.points.filter((p) => p.error !== undefined).length;
    if (failed > 0) {
      process.stderr.write(`error: ${failed} of ${result.points.length} sweep points failed (see ${join(plan.output, 'sweep.md')}).\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    fail(describeError(error), 1);
  }
}
