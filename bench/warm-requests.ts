// npm run build && node bench/warm-requests.ts [--rounds 5] [--requests 200] [--ks 0,5,10,...] [--output FILE]
// How many warm-up requests make a thread warm: the default of --warm-requests. A worker
// thread is a fresh isolate: its request path runs cold (interpreted, then JIT-compiled)
// until it has served some requests. For each K of --warm-requests, the benchmark runs
// threads-reuse -c 1 (one worker) and threads-async --workers 1 with --warm, so every thread
// first sends K warm-up requests; the CPU the worker thread spends per timed request (the
// process's CPU less the main thread's, over N requests) then falls with K until the path is
// warm. The Ks are run in rounds, each round in a shuffled order, so drift hits every K
// alike. Printed: the median per K, and the smallest K whose median is within 10% of the
// largest K's (the steady state). Results go to FILE as JSON (default results/warm-requests-<time>.json).
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './lib/args.ts';
import { capture, CLIENT_CLI, median, ROOT, startServer } from './lib/processes.ts';
import { dist } from './lib/dist.ts';
import { loadAverageNow } from './lib/machine.ts';
const { writeFileAtomic } = await dist<typeof import('../src/common/atomic-write.ts')>('common/atomic-write.js');
const { shuffled } = await dist<typeof import('../src/measure/engine.ts')>('measure/engine.js');

const flags = benchArgs(new URL(import.meta.url).pathname, {
  rounds: { type: 'string', default: '5' },
  requests: { type: 'string', default: '200' },
  ks: { type: 'string', default: '0,5,10,20,50,100,200,500,1000,2000,5000' },
  output: { type: 'string' },
});
const rounds = Number(flags.rounds);
const requests = Number(flags.requests);
const KS = flags.ks.split(',').map(Number);
const SHAPES = {
  'threads-reuse': ['threads-reuse', '-c', '1'],
  'threads-async': ['threads-async', '-c', '10', '--workers', '1'],
} as const;
type Shape = keyof typeof SHAPES;

const loadAtStart = loadAverageNow();
const server = await startServer('project server', [process.execPath, `${ROOT}dist/server/cli.js`, '--host', '127.0.0.1', '--port', '0', '--log-level', 'error']);
/** Per shape and K: the worker thread's CPU per timed request (µs), and the main thread's, one sample per round. */
const samples = new Map<string, { worker: number[]; main: number[] }>();
try {
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`[warm-requests] round ${round + 1}/${rounds}\n`);
    for (const [shape, k] of shuffled(Object.keys(SHAPES).flatMap((s) => KS.map((k) => [s as Shape, k] as const)), Math.random)) {
      const out = await capture(process.execPath, [CLIENT_CLI, ...SHAPES[shape], '-r', String(requests), '--warm', '--warm-requests', String(k), '--json'], {
        BENCHMARK_SERVER_HOST: '127.0.0.1',
        BENCHMARK_SERVER_PORT: String(server.port),
      });
      const outcome = JSON.parse(out) as { cpuSeconds: { process: number; mainThread: number } };
      const key = `${shape} ${k}`;
      const entry = samples.get(key) ?? { worker: [], main: [] };
      entry.worker.push((1e6 * (outcome.cpuSeconds.process - outcome.cpuSeconds.mainThread)) / requests);
      entry.main.push((1e6 * outcome.cpuSeconds.mainThread) / requests);
      samples.set(key, entry);
    }
  }
} finally {
  await server.stop();
}

const loadAtEnd = loadAverageNow();
const result: Record<string, unknown> = { recordedAt: new Date().toISOString(), rounds, requests, machine: { cpus: os.cpus().length, node: process.version, loadAverage: { start: loadAtStart, end: loadAtEnd } } };
for (const shape of Object.keys(SHAPES) as Shape[]) {
  const rows = KS.map((k) => {
    const entry = samples.get(`${shape} ${k}`) as { worker: number[]; main: number[] };
    return { k, workerCpuMicrosPerRequest: median(entry.worker), mainCpuMicrosPerRequest: median(entry.main) };
  });
  const steady = (rows[rows.length - 1] as (typeof rows)[number]).workerCpuMicrosPerRequest;
  const chosen = rows.find((row) => row.workerCpuMicrosPerRequest <= 1.1 * steady)?.k ?? null;
  result[shape] = { rows, steadyWorkerCpuMicrosPerRequest: steady, smallestKWithin10Percent: chosen };
  process.stdout.write(`\n${shape}: worker CPU per timed request (median of ${rounds}), by --warm-requests K\n`);
  for (const row of rows) {
    process.stdout.write(`  K=${String(row.k).padStart(5)}  worker ${row.workerCpuMicrosPerRequest.toFixed(0).padStart(6)} µs  (${(row.workerCpuMicrosPerRequest / steady).toFixed(2)}x steady)  main ${row.mainCpuMicrosPerRequest.toFixed(0)} µs\n`);
  }
  process.stdout.write(`  smallest K within 10% of K=${KS[KS.length - 1]}: ${chosen}\n`);
}
process.stdout.write(`\nload average ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end (${os.cpus().length} cores)\n`);
const file = flags.output ?? path.join(ROOT, 'results', `warm-requests-${String(result.recordedAt).replace(/[:.]/g, '-')}.json`);
await writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`[warm-requests] written ${file}\n`);
