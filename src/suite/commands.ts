// What the suite times: one command per strategy, named after it in the export, the outcomes
// and the report: our client on the chosen runtime, and with --original the Python original's
// client run from its checkout, which writes no outcome (the server's /stats count checks it).
// With --aa, one of them a second time under another name: the A/A control. None uses the
// client's --warm: the suite measures a short-lived process, start-up included.
import { PROJECT_FILES } from '../common/project-root.js';
import { runScript, threadRuntimeOf, type Runtime } from '../environment/runtime.js';
import type { MeasuredCommand } from '../measure/engine.js';
import type { TargetSpec } from '../measure/targets.js';
import { AA_SUFFIX, ORIGINAL_PREFIX } from '../strategies/label.js';
import { liveThreads, totalThreads, type StrategyEntry } from '../strategies/registry.js';

export interface ClientSizes {
  queries: number;
  chunk: number;
  /** The event-loop strategies' connection cap (the client's --connections). */
  connections: number;
}

/** The Python original's checkout and the Python that runs it, as checked by original.ts. */
export interface OriginalClient {
  dir: string;
  pythonCommand: string;
}

/** Our client running `entry` with the suite's sizes, on `runtime`. */
export function clientCommand(entry: StrategyEntry, runtime: Runtime, sizes: ClientSizes, target: TargetSpec): MeasuredCommand {
  const { queries, chunk, connections } = sizes;
  return {
    name: entry.name,
    argv: runScript(runtime, PROJECT_FILES.clientCli, [entry.name, '-r', String(queries), '-c', String(chunk), '--connections', String(connections)]),
    target,
    requests: entry.kind === 'reference' ? 0 : queries,
    writesOutcome: true,
    threadStarts: totalThreads(entry, queries, chunk, { connections }),
    liveThreads: liveThreads(entry, queries, chunk, { connections }),
    threadRuntime: threadRuntimeOf(runtime),
  };
}

/** The original's client running `entry` from its checkout, with the original's flags (-r N -c C). */
export function originalCommand(entry: StrategyEntry, original: OriginalClient, sizes: ClientSizes, target: TargetSpec): MeasuredCommand {
  return {
    name: `${ORIGINAL_PREFIX}${entry.name}`,
    argv: runScript({ kind: 'python', binary: original.pythonCommand }, 'benchmark.py', [entry.name, '-r', String(sizes.queries), '-c', String(sizes.chunk)]),
    cwd: original.dir,
    target,
    requests: sizes.queries,
    writesOutcome: false,
    // Python threads, not worker threads: nothing for the thread budget or the estimate's thread cost.
    threadStarts: 0,
    liveThreads: 0,
  };
}

/** The A/A control's copy of a command: the same argument vector under its second name. */
export function aaCopy(command: MeasuredCommand): MeasuredCommand {
  return { ...command, name: `${command.name}${AA_SUFFIX}` };
}

/** The commands in order: each strategy by our client, then by the original's when it is one of the original's and --original is given. */
export function suiteCommands(strategies: readonly StrategyEntry[], runtime: Runtime, sizes: ClientSizes, target: TargetSpec, original?: OriginalClient): MeasuredCommand[] {
  return strategies.flatMap((entry) => [
    clientCommand(entry, runtime, sizes, target),
    ...(original && entry.original ? [originalCommand(entry, original, sizes, target)] : []),
  ]);
}
