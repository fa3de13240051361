// The flags of `benchmark [run] <test-name>`, in one place: main.ts builds commander's run command
// (and --help) from them, the lean entry (run-entry.ts) parses a plain run with the same checks.
import { integerInRange, numberUpTo } from '../common/usage.js';
import { MAX_CONNECTIONS, MAX_REQUESTS, MAX_TIMEOUT_MS, MAX_WARM_REQUESTS, MAX_WORKERS, DEFAULT_WARM_REQUESTS } from '../strategies/limits.js';
import { DEFAULT_CONNECTIONS } from '../strategies/registry.js';

export interface RunFlags {
  requests: number;
  chunk: number;
  connections: number;
  /** Undefined: one per core (os.availableParallelism()). */
  workers?: number;
  timeout: number;
  warm: boolean;
  warmRequests: number;
  workMs: number;
  workUnitsPerMs?: number;
  json: boolean;
}

/** --work-ms beyond a minute per response is a typo, not a workload. */
const MAX_WORK_MS = 60_000;
/** A SHA-256 of 1 KiB takes microseconds: a million units per ms is a typo. */
const MAX_UNITS_PER_MS = 1_000_000;

export interface RunFlag {
  /** commander's spelling: '-r, --requests <n>', '--warm'. */
  flags: string;
  /** The RunFlags field it sets. */
  key: keyof RunFlags;
  description: string;
  /** Shown by --help and used when the flag is absent; none: the field stays undefined (or false for a switch). */
  defaultValue?: number | boolean;
  /** For a flag with a value: the check, which throws InvalidValueError stating the range. */
  parse?: (value: string) => number;
}

const integer = (name: string, min: number, max: number) => (value: string) => integerInRange(value, name, min, max);

export const RUN_FLAGS: readonly RunFlag[] = [
  {
    flags: '-r, --requests <n>', key: 'requests', defaultValue: 100, parse: integer('REQUESTS', 1, MAX_REQUESTS),
    // No toLocaleString here: loading ICU's locale data would cost every run tens of milliseconds of start-up.
    description: `REQUESTS: number of requests (queries 0..N-1), at most ${MAX_REQUESTS}`,
  },
  {
    flags: '-c, --chunk <n>', key: 'chunk', defaultValue: 100, parse: integer('CHUNK', 1, MAX_REQUESTS),
    description: "CHUNK: thread pool size / chunk size of the threads strategies (and the controls' window; threads-async: requests in flight in all)",
  },
  {
    flags: '--connections <n>', key: 'connections', defaultValue: DEFAULT_CONNECTIONS, parse: integer('--connections', 1, MAX_CONNECTIONS),
    description: "connection cap of the async strategies' pool (aiohttp's default), and threads-async's and async-offload's in all",
  },
  {
    flags: '--workers <n>', key: 'workers', parse: integer('--workers', 1, MAX_WORKERS),
    description: 'worker threads of threads-async and async-offload (default: one per core); the other strategies ignore it',
  },
  { flags: '--timeout <ms>', key: 'timeout', defaultValue: 30_000, parse: integer('--timeout', 1, MAX_TIMEOUT_MS), description: 'bound on every request, in milliseconds' },
  {
    flags: '--warm', key: 'warm', defaultValue: false,
    description:
      'start the clock only once the strategy is ready and warm: thread pools started, connections opened, every thread and the main thread warmed by --warm-requests requests (threads-recreate: its first pool)',
  },
  {
    flags: '--warm-requests <k>', key: 'warmRequests', defaultValue: DEFAULT_WARM_REQUESTS, parse: integer('--warm-requests', 0, MAX_WARM_REQUESTS),
    description: 'with --warm: warm-up requests each worker thread, and the main thread, sends before the clock (counted apart by the server)',
  },
  {
    flags: '--work-ms <ms>', key: 'workMs', defaultValue: 0, parse: (value) => numberUpTo(value, '--work-ms', MAX_WORK_MS),
    description:
      'CPU work after each verified response, sized to take MS ms on one idle core (fractions allowed); it runs where the response lands (async-offload: handed to its worker threads)',
  },
  {
    flags: '--work-units-per-ms <rate>', key: 'workUnitsPerMs', parse: (value) => numberUpTo(value, '--work-units-per-ms', MAX_UNITS_PER_MS),
    description:
      "use this calibration of --work-ms (units of work per CPU ms, as an outcome's workUnitsPerMs) instead of measuring one; a sweep measures once and passes it to every invocation, so all strategies do the same work",
  },
  { flags: '--json', key: 'json', defaultValue: false, description: 'print the outcome as one JSON object on stdout (human lines go to stderr)' },
];

/** A flag's long and short names, as typed: ['--requests', '-r']. */
export function namesOf(flag: RunFlag): string[] {
  return flag.flags.split(/[ ,]+/).filter((word) => word.startsWith('-'));
}

/** The flags with their defaults: what a run gets for every flag not given. */
export function defaultRunFlags(): RunFlags {
  const flags: Record<string, unknown> = {};
  for (const flag of RUN_FLAGS) if (flag.defaultValue !== undefined) flags[flag.key] = flag.defaultValue;
  return flags as unknown as RunFlags;
}
