import { STRATEGIES } from '../strategies/registry.js';
import type { SweepPlan } from './run-sweep.js';

/** What a sweep varies: the client's chunk (C) or request count, the server's upstream delay, the link's RTT, or the client's Node. */
export type SweepParameter = 'chunk' | 'requests' | 'delay' | 'rtt' | 'node';

export const PARAMETERS: Record<SweepParameter, string> = {
  chunk: 'chunk / concurrency C (-c): threads in the pool, requests per chunk or window, connections of the controls',
  requests: 'requests per run (-r)',
  delay: 'server upstream delay in ms (benchmark-server --delay, a new server per value)',
  rtt: 'link round-trip time in ms (the latency proxy on loopback, a new proxy per value)',
  node: 'the node binary running the client (--values /path/to/node22,/path/to/node24); the server keeps --node',
};

/** A built-in sweep: the plan's settings it fixes, and what it is for. */
export type Preset = Pick<SweepPlan, 'parameter' | 'values' | 'strategies' | 'requests' | 'chunk' | 'runs' | 'warmup'> & { description: string };

/** The strategies a sweep compares unless told otherwise (the registry says which). */
export const COMPARED: string[] = STRATEGIES.filter((entry) => entry.sweptByDefault).map((entry) => entry.name);

/** Sized for minutes on a 2-core machine: 1000 requests, C=100, 1 warmup + 3 runs per point. */
const SIZED = { strategies: COMPARED, requests: 1000, chunk: 100, runs: 3, warmup: 1 };

export const PRESETS: Record<string, Preset> = {
  concurrency: {
    ...SIZED,
    description: 'chunk/concurrency C from 1 to 512, 1000 requests, loopback server without delay',
    parameter: 'chunk',
    values: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  },
  latency: {
    ...SIZED,
    description: 'server upstream delay from 0 to 50 ms, 1000 requests, C=100',
    parameter: 'delay',
    values: [0, 1, 2, 5, 10, 20, 50],
  },
  rtt: {
    ...SIZED,
    description: 'link RTT from 0 to 50 ms through the latency proxy, 1000 requests, C=100',
    parameter: 'rtt',
    values: [0, 1, 2, 5, 10, 20, 50],
  },
};
