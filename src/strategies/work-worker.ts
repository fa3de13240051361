// async-offload's piscina worker: CPU only, nothing of HTTP; each task is one response's --work-ms work, measured here.
import { workerData } from 'node:worker_threads';
import { Gauge } from './gauge.js';
import { ReadyCount } from './ready-count.js';
import { measuredWork } from './work.js';
import type { WorkerConfig } from './types.js';

const config = workerData as WorkerConfig;
const gauge = new Gauge(config.gaugeBuffer);

const work = measuredWork(config.workUnits, gauge);

// With --warm: the work's path run warmRequests times, one unit each (the hashing costs the same cold or warm).
if (config.warm && config.workUnits > 0) {
  const warmUp = measuredWork(1, new Gauge());
  for (let i = 0; i < config.warmRequests; i++) warmUp();
}
new ReadyCount(config.readyBuffer).markReady();

export default function doResponseWork(): void {
  work();
}
