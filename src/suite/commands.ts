// What the suite times, one command per strategy named after it: our client on the chosen runtime,
// and with --original the Python original's client from its checkout, which writes no outcome (the
// server's /stats count checks it); with --aa one of them again under a second name. None uses --warm:
// the suite measures a short-lived process, start-up included.
import { runScript, type Runtime } from '../environment/runtime.js';
import { clientCommand, type MeasuredCommand } from '../measure/engine.js';
import type { TargetSpec } from '../measure/targets.js';
import { AA_SUFFIX, ORIGINAL_PREFIX } from '../strategies/label.js';
import type { StrategyEntry } from '../strategies/registry.js';

/** -q, -c and the event-loop strategies' cap (the client's --connections). */
export interface ClientSizes { queries: number; chunk: number; connections: number }

/** The Python original's checkout and the Python that runs it, as checked by original.ts. */
export interface OriginalClient { dir: string; pythonCommand: string }

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
    clientCommand(entry, runtime, { requests: sizes.queries, chunk: sizes.chunk, connections: sizes.connections }, target),
    ...(original && entry.original ? [originalCommand(entry, original, sizes, target)] : []),
  ]);
}
