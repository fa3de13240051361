// The built-in sweeps: each fixes a parameter, its values, the strategies and the sizes.
import os from 'node:os';
import { STRATEGIES } from '../strategies/registry.js';
import type { SweepParameter } from './parameters.js';

/** A built-in sweep: the settings it fixes, and what it is for. */
export interface Preset {
  parameter: SweepParameter;
  values: number[];
  requests: number;
  chunk: number;
  runs: number;
  warmup: number;
  /** Strategy labels (src/strategies/label.ts): a registry name, optionally with its own C. */
  strategies: string[];
  /** Every point with --warm: the clock starts once pools are up and connections open. */
  warm?: boolean;
  description: string;
  /** How long it takes, for --help. */
  duration: string;
}

/** The strategies a sweep compares unless told otherwise (the registry says which). */
export const COMPARED: string[] = STRATEGIES.filter((entry) => entry.sweptByDefault).map((entry) => entry.name);

/** Sized for minutes on a 2-core machine: 1000 requests, C=100, 1 warmup + 3 runs per point. */
const SIZED = { strategies: COMPARED, requests: 1000, chunk: 100, runs: 3, warmup: 1, duration: 'minutes on a 2-core machine' };

/** The cores this machine gives a process: the work preset's small pool has one thread per core. */
const CORES = os.availableParallelism();

/**
 * "When do worker threads pay off?": the three thread designs, warm, against the event loop:
 * threads-reuse at C = cores (the most CPU work blocking threads can do at once), threads-async and
 * async-offload (a worker per core); async-limit at C = 100 and async-for (the work runs on one thread
 * whatever the window, so C only sets how many wait on the network, and 100 hides the wait best).
 */
const WORK_STRATEGIES = [`threads-reuse c=${CORES}`, 'threads-async', 'async-offload', 'async-limit', 'async-for'];

export const PRESETS: Readonly<Record<string, Preset>> = {
  concurrency: {
    ...SIZED, parameter: 'chunk', values: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    description: 'chunk/concurrency C from 1 to 512, 1000 requests, loopback server without delay',
  },
  latency: { ...SIZED, parameter: 'delay', values: [0, 1, 2, 5, 10, 20, 50], description: 'server upstream delay from 0 to 50 ms, 1000 requests, C=100' },
  rtt: { ...SIZED, parameter: 'rtt', values: [0, 1, 2, 5, 10, 20, 50], description: 'link RTT from 0 to 50 ms through the latency proxy, 1000 requests, C=100' },
  work: {
    description: `nominal CPU work per response from 0 to 10 ms against warm pools, 1000 requests: when do worker threads pay off? (every thread design with one thread per core, ${CORES} here)`,
    parameter: 'work',
    values: [0, 0.1, 0.5, 1, 2, 5, 10],
    strategies: WORK_STRATEGIES,
    // 5 runs per point, more near a crossover (up to 3 x 5).
    requests: 1000, chunk: 100, runs: 5, warmup: 1, warm: true,
    // 7 values x (1 + 5) invocations of 5 strategies; per round of all values about 90 s here:
    // 18.6 ms of work per request summed over the values, serial on the event loop (2 x 19 s),
    // over 2 cores for the thread designs (3 x 9 s), plus their warm-ups (2000 requests a thread).
    duration: 'about 10-20 minutes on 2 cores: 7 values x 5 strategies x (1 warmup + 5 runs), more runs near a crossover',
  },
};
