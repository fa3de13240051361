// `benchmark sweep`: its flags and help, the plan from them (run-sweep.ts) checked before anything
// starts; --redraw draws a sweep.json's views again.
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { finishInterruptedSet } from '../common/atomic-write.js';
import { describeError, fail, failWith, milliseconds, parseIntegerInRange, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';
import { readJsonFile, DataError } from '../common/json.js';
import { addAliases, booleanFlag, BOUNDS, MEASURE_OPTIONS, planOrExit } from '../measure/options.js';
import { PARAMETER_ALIASES, PARAMETERS } from './parameters.js';
import { COMPARED, PRESETS } from './presets.js';
import { checkSweepResult } from './result.js';
import { planFromFlags, runSweep, type SweepFlags } from './run-sweep.js';
import { viewsJournal, writeViews } from './views.js';

function buildCommand(): Command {
  const presets = Object.entries(PRESETS)
    .map(
      ([name, p]) =>
        `  ${name.padEnd(12)} ${p.description}\n${' '.repeat(15)}${p.parameter} = ${p.values.join(', ')}; ${p.strategies.join(', ')}; ` +
        `${p.requests} requests, ${p.warmup} warmup + ${p.runs} runs per point${p.warm ? ', warm' : ''}: ${p.duration}`,
    )
    .join('\n');
  const aliases = Object.entries(PARAMETER_ALIASES).map(([old, name]) => `${old} (the old name of ${name})`);
  const parameters = Object.entries(PARAMETERS).map(([name, p]) => `  ${name.padEnd(9)} ${p.help}`).join('\n');
  const command = withUsageExitCodes(new Command('benchmark sweep'))
    .description('Runs strategies across values of one parameter, in interleaved rounds, and charts time and req/s against it (see docs/sweeps.md).')
    .addOption(new Option('--preset <name>', 'a built-in sweep (see below); flags given too override its settings'))
    .addOption(new Option('--param <name>', `the parameter to sweep: ${Object.keys(PARAMETERS).join(', ')}; also ${aliases.join(', ')}`))
    .option('--values <list>', 'comma-separated values of the parameter (ms for delay, rtt and work; binaries for runtime)')
    .addOption(MEASURE_OPTIONS.strategies(`comma-separated strategies, each optionally at its own C ("threads-reuse c=2") (default: ${COMPARED.join(', ')})`))
    .addOption(MEASURE_OPTIONS.queries())
    .addOption(new Option('--requests <n>').hideHelp().argParser((v) => parseIntegerInRange(v, '--requests', 1, BOUNDS.queries)))
    .addOption(MEASURE_OPTIONS.chunk())
    .addOption(MEASURE_OPTIONS.connections())
    .option('--delay <spec>', 'server upstream delay for every point (benchmark-server --delay)', '0')
    .addOption(new Option('--rtt <ms>', 'link RTT for every point, via the latency proxy on loopback').default(0).argParser(milliseconds('--rtt')))
    .addOption(MEASURE_OPTIONS.runs())
    .addOption(MEASURE_OPTIONS.warmup())
    .addOption(new Option('--max-runs <n>', 'most runs a point near a crossover may get: the work sweep adds runs there until the interval on the ratio excludes 1 (default: 3 x --runs for work)').argParser((v) => parseIntegerInRange(v, '--max-runs', 1, 1000)))
    .addOption(booleanFlag('--warm', "every client run with --warm: the strategy's clock starts once its pools are up, connections open and paths warm (always with --param work)", 'BENCHMARK_WARM'))
    .addOption(MEASURE_OPTIONS.runtime())
    .addOption(MEASURE_OPTIONS.serverRuntime())
    .addOption(MEASURE_OPTIONS.aa())
    .addOption(MEASURE_OPTIONS.seed())
    .option('-o, --output <dir>', 'output directory (default results/sweep-<preset|param>-<UTC time>)')
    .addOption(new Option('--target <where>', 'own: start a loopback server (and proxy); env: BENCHMARK_SERVER_HOST/PORT (e.g. inside scripts/netns-run.sh)').choices(['own', 'env']).default('own'))
    .option('--list-presets', 'print the presets and exit', false)
    .option('--redraw <dir>', 'check DIR/sweep.json, then redraw DIR/chart.svg and DIR/sweep.md from it, without running')
    .showHelpAfterError('(run "benchmark sweep --help" for usage)')
    .addHelpText('after', `\nParameters:\n${parameters}\n\nPresets:\n${presets}\n
Every (value, strategy) point is one command of the measuring engine: the points run in rounds, in an
order shuffled per round (--seed, recorded), so drift hits them alike. Writes DIR/runs.json (hyperfine's
shape, every point's every run), DIR/runs.outcomes.jsonl, DIR/runs.meta.json and DIR/runs.md, and the views
DIR/sweep.json (every point + environment), DIR/sweep.md and DIR/chart.svg; all after every round, so Ctrl-C
keeps what was measured. Warm sweeps (work) chart and compare the in-process time (the strategy's own clock,
pools already up) and show the whole-process time (runtime and pool start-up included) beside it; the work
sweep prints each thread design's crossover: the smallest nominal work from which it beats the best
event-loop strategy at every larger value (Welch's t-test, Holm-corrected, p < 0.05), as a band, with a
95% interval on the ratio.
Exit codes: 0 every point ran, 1 a point failed (the others are still written), 2 usage error
(also: --redraw on a sweep.json that fails its check; nothing is written then).

Examples:
  benchmark sweep --preset concurrency
  benchmark sweep --preset latency -s threads-reuse,async-limit --runs 5
  benchmark sweep --preset work --aa
  benchmark sweep --param work --values 0,1,5 -s "threads-reuse c=2,async-for" -q 200
  benchmark sweep --param chunk --values 1,10,100 -q 200 --rtt 5
  scripts/netns-run.sh --rtt 2 -- node dist/client/cli.js sweep --preset concurrency --target env`);
  return addAliases(command);
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
    finishInterruptedSet(viewsJournal(flags.redraw));
    const file = join(flags.redraw, 'sweep.json');
    let result;
    try {
      result = checkSweepResult(await readJsonFile(file, 'a sweep.json'), file);
    } catch (error) {
      // Checked in full before anything is drawn: a damaged sweep.json is left as it is.
      fail(error instanceof DataError ? `${error.message}.` : `cannot read ${file}: ${describeError(error)}`, USAGE_EXIT_CODE);
    }
    await writeViews(result, flags.redraw);
    process.stderr.write(`sweep: redrew ${join(flags.redraw, 'chart.svg')} and sweep.md\n`);
    return 0;
  }
  const plan = planOrExit(() => planFromFlags(flags, ['benchmark', 'sweep', ...args].join(' ')));
  const result = await runSweep(plan).catch(failWith);
  if (!result) {
    process.stderr.write('error: no point can run on this machine (see above).\n');
    return 1;
  }
  const failed = result.points.filter((p) => p.error !== undefined).length;
  if (failed > 0) process.stderr.write(`error: ${failed} of ${result.points.length} sweep points failed (see ${join(plan.output, 'sweep.md')}).\n`);
  return failed > 0 ? 1 : 0;
}
