// What the suite times: one command per strategy, each in its own hyperfine call and named
// after its strategy in the export, the outcomes and the report. Today every command is our
// client; a command of another program (e.g. the Python original's client, run from its
// checkout) is one more SuiteCommand with threadStarts 0 and no outcome.
import { PROJECT_FILES } from '../common/project-root.js';
import { liveThreads, type StrategyEntry } from '../strategies/registry.js';

export interface SuiteCommand {
  /** hyperfine's --command-name: the strategy's name everywhere the run is read. */
  name: string;
  /** Run without a shell (hyperfine -N). */
  argv: readonly string[];
  /** Worker threads one run starts, summed over its pools (the duration model's input). */
  threadStarts: number;
  /** Worker threads alive at once: what the thread budget checks before anything starts; 0 for none. */
  liveThreads: number;
}

export interface ClientSizes {
  queries: number;
  chunk: number;
  /** The async strategies' connection cap (--connections of the client). */
  connections: number;
}

/** Our client running `entry` with the suite's sizes, on `node`. */
export function clientCommand(entry: StrategyEntry, node: string, sizes: ClientSizes): SuiteCommand {
  const { queries, chunk, connections } = sizes;
  return {
    name: entry.name,
    argv: [node, PROJECT_FILES.clientCli, entry.name, '-r', String(queries), '-c', String(chunk), '--connections', String(connections)],
    threadStarts: entry.poolSizes(queries, chunk).reduce((sum, size) => sum + size, 0),
    liveThreads: liveThreads(entry, queries, chunk),
  };
}
