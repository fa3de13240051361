// A piscina worker: one thread with one keep-alive connection (a Client is exactly one, as one
// thread's requests.Session), one blocking-style request at a time. Imports only what a request needs.
import { workerData } from 'node:worker_threads';
import { Client } from './undici.js';
import { dispatcherOptions } from './request.js';
import type { WorkerConfig } from './types.js';
import { startRequestWorker } from './worker-requests.js';

const config = workerData as WorkerConfig;
const worker = await startRequestWorker(config, new Client(config.origin, dispatcherOptions(config.timeoutMs)), 1);
export const warmup = worker.warmup;
export default worker.request;
