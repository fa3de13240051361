// The start of a request worker (worker.ts, event-loop-worker.ts): with --warm
// open its connections and run the request path warmRequests times before it counts as ready.
import type { Dispatcher } from 'undici';
import { Gauge } from './gauge.js';
import { ReadyCount } from './ready-count.js';
import { multiply, openConnection, requestSettings, warmUp, type Verdict } from './request.js';
import type { WorkerConfig } from './types.js';

/** Resolves once the thread is ready: a task sent to it waits until then (with --warm, a JIT-warm thread whose connections are open). */
export async function startRequestWorker(config: WorkerConfig, dispatcher: Dispatcher, connections: number) {
  const gauge = new Gauge(config.gaugeBuffer);
  dispatcher.on('connect', () => gauge.connectionOpened());
  const settings = await requestSettings(config.timeoutMs, config.workUnits, gauge);
  // A warm-up request: the request path, marked so the server counts it apart.
  const warmup = (n: number): Promise<Verdict> => {
    gauge.warmupRequestSent();
    return multiply(dispatcher, n, settings, true);
  };
  if (config.warm) {
    // Started together, the requests find every connection busy, so the dispatcher opens one each.
    await Promise.all(Array.from({ length: connections }, () => openConnection(dispatcher, config.timeoutMs)));
    await warmUp(warmup, config.warmRequests, connections);
  }
  new ReadyCount(config.readyBuffer).markReady();
  // request: piscina's default task, one verified request.
  return { request: (n: number) => multiply(dispatcher, n, settings), warmup };
}
