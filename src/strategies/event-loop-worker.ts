// threads-async's piscina worker: many requests at once on its own event loop, over its own undici
// Pool, as a Node service runs on each core. Its share of the run's connections is fixed by the
// index it claims (worker-slots.ts).
import { threadId, workerData } from 'node:worker_threads';
import { Pool } from './undici.js';
import { dispatcherOptions } from './request.js';
import type { WorkerConfig } from './types.js';
import { startRequestWorker } from './worker-requests.js';
import { shareOf, WorkerSlots } from './worker-slots.js';

export interface EventLoopWorkerData {
  /** Threads in the pool, and the totals split across them. */
  workers: number;
  connections: number;
  slotsBuffer: SharedArrayBuffer;
}

const config = workerData as WorkerConfig & EventLoopWorkerData;
const index = new WorkerSlots(config.workers, config.slotsBuffer).claim(threadId);
const connections = shareOf(config.connections, config.workers, index);
const worker = await startRequestWorker(config, new Pool(config.origin, { connections, ...dispatcherOptions(config.timeoutMs) }), connections);
export const warmup = worker.warmup;
export default worker.request;
