// One measurement of one worker option set, in a process of its own (V8 flags are per
// process, and memory freed by ended threads is not given back whole):
//   node bench/lib/thread-probe.ts <threads> <origin> [empty]   (BENCHMARK_WORKER_OPTIONS picks the set)
// Prints one JSON line: the process before any thread, then per thread once all are
// ready (idle) and after each has done requests (busy): resident memory, memory mappings,
// open files, spawn-to-ready time. With `empty`: idle figures of workers that load nothing, with the
// same options: the floor any worker thread costs.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ROOT } from './processes.ts';
import { createThreadPool, threadContext } from './thread-context.ts';

const threads = Number(process.argv[2]);
const origin = process.argv[3]!;
const empty = process.argv[4] === 'empty';

function status(field: string): number {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
}
const rssMiB = (): number => status('VmRSS');
const maps = (): number => readFileSync('/proc/self/maps', 'utf8').split('\n').length - 1;
const files = (): number => readdirSync('/proc/self/fd').length;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

if (empty) {
  const { threadPoolOptions } = (await import(`${ROOT}dist/strategies/worker-options.js`)) as typeof import('../../src/strategies/worker-options.ts');
  const { resourceLimits, env } = threadPoolOptions(threads, '', undefined);
  const before = { rssMiB: rssMiB(), maps: maps() };
  const start = performance.now();
  const code = "const { parentPort } = require('node:worker_threads'); parentPort.postMessage('ready'); parentPort.on('message', () => {});";
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true, resourceLimits, env }));
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
  const readyMs = performance.now() - start;
  await settle();
  process.stdout.write(
    `${JSON.stringify({
      threads,
      spawnToReadyMsPerThread: readyMs / threads,
      idleMiBPerThread: (rssMiB() - before.rssMiB) / threads,
      idleMapsPerThread: (maps() - before.maps) / threads,
    })}\n`,
  );
  process.exit(0);
}

let failed = 0;
const context = threadContext(threads, origin, (result) => {
  if (!result.ok) failed += 1;
});
const base = { rssMiB: rssMiB(), maps: maps(), files: files() };
const start = performance.now();
// Resolves when every thread has loaded its module: spawn-to-ready.
const pool = await createThreadPool(threads, context, true);
const readyMs = performance.now() - start;
await settle();
const idle = { rssMiB: rssMiB(), maps: maps() };
// Three requests per thread: connections open, parsers and JIT warmed, as in a run.
await pool.runAll(Array.from({ length: 3 * threads }, (_, i) => i));
await settle();
const busy = { rssMiB: rssMiB(), maps: maps(), files: files() };
const peakMiB = process.resourceUsage().maxRSS / 1024;
await pool.destroy();
const per = (value: number): number => value / threads;
process.stdout.write(
  `${JSON.stringify({
    threads,
    failedRequests: failed,
    base,
    spawnToReadyMsPerThread: per(readyMs),
    idleMiBPerThread: per(idle.rssMiB - base.rssMiB),
    idleMapsPerThread: per(idle.maps - base.maps),
    busyMiBPerThread: per(busy.rssMiB - base.rssMiB),
    busyMapsPerThread: per(busy.maps - base.maps),
    busyFilesPerThread: per(busy.files - base.files),
    peakMiBPerThread: per(peakMiB - base.rssMiB),
  })}\n`,
);
process.exit(0);
