// A piscina worker: one thread with its own keep-alive connection, doing one
// blocking-style request at a time. Imports only what a request needs.
import { workerData } from 'node:worker_threads';
import { Client } from './undici.js';
import { Gauge } from './gauge.js';
import { multiply, type RequestResult } from './request.js';
import type { WorkerConfig } from './types.js';

const config = workerData as WorkerConfig;
const gauge = new Gauge(config.gaugeBuffer);
gauge.threadStarted();

// A Client is exactly one connection: the analogue of one thread's requests.Session.
const client = new Client(config.origin, { pipelining: 1 });
client.on('connect', () => gauge.connectionOpened());

export default function request(n: number): Promise<RequestResult> {
  return multiply(client, n, config.timeoutMs, gauge);
}
