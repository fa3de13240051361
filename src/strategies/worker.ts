// A piscina worker: one thread with its own keep-alive connection, doing one
// blocking-style request at a time. Imports only what a request needs.
import { workerData } from 'node:worker_threads';
import { Client } from './undici.js';
import { Gauge } from './gauge.js';
import { ReadyCount } from './ready-count.js';
import { dispatcherOptions, multiply, openConnection, warmUp, type RequestSettings, type Verdict } from './request.js';
import type { WorkerConfig } from './types.js';

const config = workerData as WorkerConfig;
const gauge = new Gauge(config.gaugeBuffer);
gauge.threadStarted();

// A Client is exactly one connection: the analogue of one thread's requests.Session.
const client = new Client(config.origin, dispatcherOptions(config.timeoutMs));
client.on('connect', () => gauge.connectionOpened());

const settings: RequestSettings = { timeoutMs: config.timeoutMs };
// The CPU work runs here, in this thread, where the response lands; loaded only when asked for.
if (config.workUnits > 0) {
  const { measuredWork } = await import('./work.js');
  settings.work = measuredWork(config.workUnits, gauge);
}

/** A warm-up request: the same path as a run's, marked so the server counts it apart. */
export function warmup(n: number): Promise<Verdict> {
  gauge.warmupRequestSent();
  return multiply(client, n, settings, true);
}

// A request sent to this thread waits until this module has loaded: with --warm, until its
// connection is open and it has run the request path warmRequests times (a JIT-warm thread).
if (config.warm) {
  await openConnection(client, config.timeoutMs);
  await warmUp(warmup, config.warmRequests, 1);
}
new ReadyCount(config.readyBuffer).markReady();

export default function request(n: number): Promise<Verdict> {
  return multiply(client, n, settings);
}
