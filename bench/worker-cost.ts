// Worker cost: spawn-to-ready per worker of the thread strategies' pool (piscina + our
// worker module) against an empty `new Worker`, both spawned K at a time, same run.
import { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median, ROOT } from './lib/processes.ts';
import { createThreadPool, threadContext } from './lib/thread-context.ts';

const EMPTY = path.join(tmpdir(), `ntab-empty-worker-${process.pid}.mjs`);
writeFileSync(EMPTY, "import { parentPort } from 'node:worker_threads'; parentPort.postMessage('ready');\n");
// The floor for any worker that can speak HTTP: Node's built-in client, no package loaded.
const NODE_HTTP = path.join(tmpdir(), `ntab-http-worker-${process.pid}.mjs`);
writeFileSync(
  NODE_HTTP,
  "import { parentPort } from 'node:worker_threads'; import http from 'node:http';\n" +
    "new http.Agent({ keepAlive: true, maxSockets: 1 }); parentPort.postMessage('ready');\n",
);

// The plain workers get the strategies' worker options too (and their V8 flags, set here for
// the whole process), so the ratios compare what the worker loads, not how it is configured.
const { threadPoolOptions } = (await import(`${ROOT}dist/strategies/worker-options.js`)) as typeof import('../src/strategies/worker-options.ts');
const { resourceLimits, env } = threadPoolOptions(1, EMPTY, undefined);

async function plainWorkers(file: string, k: number): Promise<number> {
  const start = performance.now();
  const workers = Array.from({ length: k }, () => new Worker(file, { resourceLimits, env }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const perWorker = (performance.now() - start) / k;
  await Promise.all(workers.map((w) => w.terminate()));
  return perWorker;
}

/** The real thread-strategy pool, as bundled for the CLI; ready when every worker has loaded its module. */
async function strategyWorkers(k: number): Promise<number> {
  const start = performance.now();
  const pool = await createThreadPool(k, threadContext(k, 'http://127.0.0.1:9'), true);
  const perWorker = (performance.now() - start) / k;
  await pool.destroy();
  return perWorker;
}

export interface WorkerCost {
  workersPerRound: number;
  rounds: number;
  emptyMsPerWorker: number;
  nodeHttpMsPerWorker: number;
  strategyMsPerWorker: number;
  ratio: number;
  nodeHttpRatio: number;
}

export async function measureWorkerCost(k = 20, rounds = 5): Promise<WorkerCost> {
  const empty: number[] = [];
  const nodeHttp: number[] = [];
  const ours: number[] = [];
  await plainWorkers(EMPTY, 4); // warm the file system cache for all three
  await plainWorkers(NODE_HTTP, 4);
  await strategyWorkers(4);
  // Interleaved so drift on a shared machine hits all alike.
  for (let i = 0; i < rounds; i++) {
    empty.push(await plainWorkers(EMPTY, k));
    nodeHttp.push(await plainWorkers(NODE_HTTP, k));
    ours.push(await strategyWorkers(k));
  }
  const emptyMs = median(empty);
  const httpMs = median(nodeHttp);
  const oursMs = median(ours);
  return {
    workersPerRound: k,
    rounds,
    emptyMsPerWorker: emptyMs,
    nodeHttpMsPerWorker: httpMs,
    strategyMsPerWorker: oursMs,
    ratio: oursMs / emptyMs,
    nodeHttpRatio: httpMs / emptyMs,
  };
}
