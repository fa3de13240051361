// A piscina worker: one thread with its own keep-alive connection, doing one
// blocking-style request at a time. Imports only what a request needs.
import { workerData } from 'node:worker_threads';
import { Client } from './undici.js';
import { Gauge } from './gauge.js';
import { ReadyCount } from './ready-count.js';
import { MAX_RESPONSE_BYTES, multiply, openConnection, type RequestSettings, type Verdict } from './request.js';
import type { WorkerConfig } from './types.js';

const config = workerData as WorkerConfig;
const gauge = new Gauge(config.gaugeBuffer);
gauge.threadStarted();

// A Client is exactly one connection: the analogue of one thread's requests.Session.
const client = new Client(config.origin, { pipelining: 1, maxResponseSize: MAX_RESPONSE_BYTES });
client.on('connect', () => gauge.connectionOpened());

const settings: RequestSettings = { timeoutMs: config.timeoutMs };
// The CPU work runs here, in this thread, where the response lands; loaded only when asked for.
if (config.workUnits > 0) {
  const { doWork } = await import('./work.js');
  settings.work = () => doWork(config.workUnits);
}
// A request sent to this thread waits until this module has loaded: with --warm, until its connection is open.
if (config.warm) await openConnection(client, config.timeoutMs);
new ReadyCount(config.readyBuffer).markReady();

export default function request(n: number): Promise<Verdict> {
  return multiply(client, n, settings);
}
