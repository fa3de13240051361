// What the suite times: one command per strategy, each in its own hyperfine call and named
// after its strategy in the export, the outcomes and the report: our client, and with
// --original the Python original's client run from its checkout (original.ts), which
// writes no outcome. None uses the client's --warm (its GET /health is ours alone).
import { PROJECT_FILES } from '../common/project-root.js';
import { liveThreads, type StrategyEntry } from '../strategies/registry.js';
import { originalCommand, type OriginalCheckout } from './original.js';

export interface SuiteCommand {
  /** hyperfine's --command-name: the strategy's name everywhere the run is read. */
  name: string;
  /** Run without a shell (hyperfine -N). */
  argv: readonly string[];
  /** Working directory of the command (and its hyperfine call); default: the suite's. */
  cwd?: string;
  /**
   * Set for a command that verifies no response itself: the /multiply requests each
   * invocation must make, checked against the server's /stats count.
   */
  requestsPerInvocation?: number;
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

/** The commands of a suite in order: each strategy by our client, then by the original's when it is one of the original's and --original is given. */
export function suiteCommands(strategies: readonly StrategyEntry[], node: string, sizes: ClientSizes, original?: OriginalCheckout): SuiteCommand[] {
  return strategies.flatMap((entry) => [
    clientCommand(entry, node, sizes),
    ...(original && entry.original ? [originalCommand(entry, original, sizes)] : []),
  ]);
}
