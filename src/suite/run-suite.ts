// The suite, as the original's run.sh: hyperfine over the selected strategies in ONE run
// against one server, the environment recorded first, the report and chart after.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { describeError, UsageError } from '../common/cli-errors.js';
import { PROJECT_FILES } from '../common/project-root.js';
import { collectEnvironment } from '../environment/collect.js';
import { parameterValue } from '../environment/parameters.js';
import { isStopping } from '../runner/children.js';
import { HYPERFINE_MISSING, hyperfineVersion, runHyperfine } from '../runner/hyperfine.js';
import { checkNodeBinary } from '../runner/node-check.js';
import { liveThreads, type StrategyEntry } from '../strategies/registry.js';
import { checkThreadBudget, ThreadBudgetError } from '../strategies/thread-budget.js';
import { SERVERS, type ServerChoice } from './servers.js';

export interface SuitePlan {
  warmup: number;
  runs: number;
  queries: number;
  chunk: number;
  /** The hyperfine JSON export; the other files are named after it. */
  output: string;
  strategies: StrategyEntry[];
  /** The node binary of the timed clients. */
  node: string;
  server: ServerChoice;
}

/** Conditions set by scripts/netns-run.sh (or the user), recorded when set. */
const CONDITIONS = { network: 'BENCHMARK_NETWORK', link: 'BENCHMARK_LINK', rttMs: 'BENCHMARK_RTT_MS', serverDelay: 'BENCHMARK_SERVER_DELAY' } as const;

function say(line: string): void {
  process.stderr.write(`suite: ${line}\n`);
}

/** <name>.json and the files beside it, in the order they are written. */
function outputFiles(output: string) {
  const base = output.replace(/\.json$/, '');
  return { meta: `${base}.meta.json`, json: output, markdown: `${base}.md`, report: `${base}.report.md`, chart: `${base}.svg` };
}

function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/**
 * A thread strategy this machine cannot hold (memory, vm.max_map_count) would crash
 * mid-suite and stop hyperfine before the others are measured: leave it out, say why.
 */
function fitting(plan: SuitePlan): { measured: StrategyEntry[]; skipped: string[] } {
  const measured: StrategyEntry[] = [];
  const skipped: string[] = [];
  for (const entry of plan.strategies) {
    const threads = liveThreads(entry, plan.queries, plan.chunk);
    try {
      if (threads > 0) checkThreadBudget(entry.name, threads);
      measured.push(entry);
    } catch (error) {
      if (!(error instanceof ThreadBudgetError)) throw error;
      say(`skipping ${entry.name}: ${error.message}`);
      skipped.push(entry.name);
    }
  }
  return { measured, skipped };
}

/** Runs the suite; returns the exit code. Throws UsageError for what the user must fix first. */
export async function runSuite(plan: SuitePlan): Promise<number> {
  if (hyperfineVersion() === null) throw new UsageError(HYPERFINE_MISSING);
  const node = checkNodeBinary(plan.node, '--node');
  const { measured, skipped } = fitting(plan);
  if (measured.length === 0) {
    say('error: no strategy can run on this machine (see above)');
    return 1;
  }

  const files = outputFiles(plan.output);
  await mkdir(dirname(plan.output), { recursive: true });
  const server = await SERVERS[plan.server].start({ node: plan.node, say });
  try {
    const parameters: Record<string, string | number> = {
      queries: plan.queries,
      chunk: plan.chunk,
      runs: plan.runs,
      warmup: plan.warmup,
      strategies: plan.strategies.map((s) => s.name).join(','),
      server: server.address,
      skipped: skipped.join(','),
    };
    for (const [key, variable] of Object.entries(CONDITIONS)) {
      const value = process.env[variable];
      if (value) parameters[key] = parameterValue(value);
    }
    // Recorded before anything is timed, so even a failed run has it.
    try {
      await writeFileAtomic(files.meta, `${JSON.stringify(collectEnvironment({ parameters, node }), null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`could not record the environment in ${files.meta}: ${describeError(error)}`);
    }
    say(`Node ${node.node}, server ${server.address}, queries ${plan.queries}, chunk ${plan.chunk}, warmup ${plan.warmup}, runs ${plan.runs} -> ${plan.output}`);

    // hyperfine stops at the first failing run (exit code 1 from the client), so a broken run
    // is never timed; what it measured before that stays in the export.
    const result = await runHyperfine({
      commands: measured.map((entry) => ({
        name: entry.name,
        argv: [plan.node, PROJECT_FILES.clientCli, entry.name, '-r', String(plan.queries), '-c', String(plan.chunk)],
      })),
      warmup: plan.warmup,
      runs: plan.runs,
      exportJson: files.json,
      exportMarkdown: files.markdown,
      env: server.env,
      echo: true,
    });
    // Ctrl-C or SIGTERM: the children are being stopped, and this process exits with them.
    if (isStopping()) return await new Promise<never>(() => {});
    let status = result.code ?? 128 + (result.signal ? constants.signals[result.signal] : 0);

    // The readable result, also of a partial run: <name>.report.md and the chart <name>.svg.
    if (nonEmpty(files.json)) {
      try {
        const { writeReport } = await import('../report/command.js');
        await writeReport([files.json], { format: 'markdown', output: dirname(files.json) });
      } catch (error) {
        say(`error: the report failed: ${describeError(error)}`);
        if (status === 0) status = 1;
      }
    }
    if (status !== 0) {
      if (result.clientErrors.length > 0) say(`the failing run said:\n${result.clientErrors.slice(-5).join('\n')}`);
      say(`error: a strategy failed (hyperfine exit ${status}); what was measured before is in ${files.json}`);
    } else if (skipped.length > 0) {
      say(`error: not measured on this machine: ${skipped.join(' ')} (reasons above); the others are in ${files.json}`);
      status = 1;
    }
    return status;
  } finally {
    await server.stop();
    const written = Object.values(files).filter(nonEmpty);
    if (written.length > 0) say(`files: ${written.join(' ')}`);
  }
}
