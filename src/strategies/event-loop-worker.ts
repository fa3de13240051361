// threads-async's piscina worker: one thread that runs many requests at once on its own event
// loop, over its own undici Pool, as a Node service would on each core. Its share of the
// run's connections is fixed by the index it claims (worker-slots.ts).
import { threadId, workerData } from 'node:worker_threads';
import { Pool } from './undici.js';
import { Gauge } from './gauge.js';
import { ReadyCount } from './ready-count.js';
import { dispatcherOptions, multiply, openConnection, warmUp, type RequestSettings, type Verdict } from './request.js';
import type { WorkerConfig } from './types.js';
import { shareOf, WorkerSlots } from './worker-slots.js';

export interface EventLoopWorkerData {
  /** Threads in the pool, and the totals split across them. */
  workers: number;
  connections: number;
  slotsBuffer: SharedArrayBuffer;
}

const config = workerData as WorkerConfig & EventLoopWorkerData;
const gauge = new Gauge(config.gaugeBuffer);
gauge.threadStarted();

const index = new WorkerSlots(config.workers, config.slotsBuffer).claim(threadId);
const connections = shareOf(config.connections, config.workers, index);
const pool = new Pool(config.origin, { connections, ...dispatcherOptions(config.timeoutMs) });
pool.on('connect', () => gauge.connectionOpened());

const settings: RequestSettings = { timeoutMs: config.timeoutMs };
// The CPU work runs here, on this worker's event loop, where the response lands.
if (config.workUnits > 0) {
  const { measuredWork } = await import('./work.js');
  settings.work = measuredWork(config.workUnits, gauge);
}

/** A warm-up request: the same path as a run's, marked so the server counts it apart. */
export function warmup(n: number): Promise<Verdict> {
  gauge.warmupRequestSent();
  return multiply(pool, n, settings, true);
}

// With --warm: every connection of this worker's share open (started together, the requests
// find every connection busy, so the pool opens one each), then the request path run
// warmRequests times, as many at once as it has connections.
if (config.warm) {
  await Promise.all(Array.from({ length: connections }, () => openConnection(pool, config.timeoutMs)));
  await warmUp(warmup, config.warmRequests, connections);
}
new ReadyCount(config.readyBuffer).markReady();

export default function request(n: number): Promise<Verdict> {
  return multiply(pool, n, settings);
}
