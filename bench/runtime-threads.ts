// npm run bench:runtime-threads -- --output FILE [--runtimes node24,bun,deno] [--threads K] [--rounds N]
// What a worker thread costs under each JavaScript runtime, side by side in one run: the
// thread strategies' own pool (piscina and our worker module, the default worker options)
// measured by bench/lib/thread-probe.ts, in a process of its own per runtime and round, run
// by that runtime: resident memory per live thread idle, busy (after requests) and at peak,
// memory mappings, spawn-to-ready time per thread; and the same for workers that load
// nothing (the floor any worker thread costs there). Rounds interleave the runtimes, so
// drift on a shared machine hits them alike (each round starts one runtime later); medians per
// runtime, and ratios to the first.
// --runtimes: names of the pinned runtimes (npm run runtimes) or binaries, as --runtime takes
// them (default node24,bun,deno). Deno runs the probe with --allow-all: it reads
// /proc/self/status, which Deno grants only to -A (the client itself runs with named
// permissions). Worker options: Bun (JavaScriptCore) and Deno take the option set's
// resourceLimits as given to `new Worker`; whether they honour them is theirs to decide.
// Measure on an otherwise idle machine: the load average and the CPU other processes used
// are recorded.
import os from 'node:os';
import { benchArgs, positive, usage } from './lib/args.ts';
import { capture, ROOT, startServer } from './lib/processes.ts';
import { watchMachine } from './lib/machine.ts';
import { emptyWorkerMedians, perThreadMedians, round2, type EmptyProbe, type ThreadProbe as Probe } from './lib/probe-figures.ts';

// The built modules: the sources import each other with .js specifiers, which only the build resolves.
const { probeRuntime, runtimeName } = (await import(`${ROOT}dist/environment/runtime.js`)) as typeof import('../src/environment/runtime.ts');
const { writeFileAtomic } = (await import(`${ROOT}dist/common/atomic-write.js`)) as typeof import('../src/common/atomic-write.ts');

const flags = benchArgs(new URL(import.meta.url).pathname, {
  output: { type: 'string' },
  runtimes: { type: 'string', default: 'node24,bun,deno' },
  threads: { type: 'string', default: '50' },
  rounds: { type: 'string', default: '5' },
});
if (!flags.output) usage('--output FILE is required: where the figures go, as JSON');
const threads = positive('threads', flags.threads);
const rounds = positive('rounds', flags.rounds);
let runtimes: ReturnType<typeof probeRuntime>[];
try {
  runtimes = flags.runtimes.split(',').map((given) => probeRuntime(given.trim(), '--runtimes'));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

const PROBE = `${ROOT}bench/lib/thread-probe.ts`;
/** How each kind runs the probe (a TypeScript file: Node strips the types, Bun and Deno run it as it is). */
function probeCommand(runtime: (typeof runtimes)[number], args: string[]): [string, string[]] {
  if (runtime.kind === 'deno') return [runtime.binary, ['run', '--allow-all', PROBE, ...args]];
  return [runtime.binary, [PROBE, ...args]];
}


const log = (line: string): void => void process.stderr.write(`[bench:runtime-threads] ${line}\n`);

const server = await startServer('project server', [process.execPath, `${ROOT}dist/server/cli.js`, '--host', '127.0.0.1', '--port', '0', '--log-level', 'error']);
const origin = `http://127.0.0.1:${server.port}`;
const run = async <T>(runtime: (typeof runtimes)[number], args: string[]): Promise<T> => {
  const [command, commandArgs] = probeCommand(runtime, args);
  const out = await capture(command, commandArgs, {}).catch((error: Error) => {
    throw new Error(`${runtimeName(runtime)}: ${error.message}`);
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as T;
};
const probes = runtimes.map(() => [] as Probe[]);
const empties = runtimes.map(() => [] as EmptyProbe[]);
const { loadAtStart, end: machineAtEnd } = watchMachine();
log(`${runtimes.map(runtimeName).join(', ')}: ${threads} threads x ${rounds} rounds; load average ${loadAtStart.join(' ')} on ${os.cpus().length} cores`);
try {
  // Warm the file system cache once per runtime, so the first is not penalised.
  for (const runtime of runtimes) await run<Probe>(runtime, ['2', origin]);
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next runtime, so none is always first after the previous round.
    for (let step = 0; step < runtimes.length; step++) {
      const i = (round + step) % runtimes.length;
      const runtime = runtimes[i]!;
      log(`round ${round + 1}/${rounds}: ${runtimeName(runtime)}`);
      probes[i]!.push(await run<Probe>(runtime, [String(threads), origin]));
      empties[i]!.push(await run<EmptyProbe>(runtime, [String(threads), origin, 'empty']));
    }
  }
} finally {
  await server.stop();
}
const { loadAtEnd, otherCpu } = machineAtEnd();

const results = runtimes.map((runtime, i) => {
  const p = probes[i]!;
  const e = empties[i]!;
  return {
    runtime: runtimeName(runtime),
    engine: runtime.engine,
    binary: runtime.binary,
    perThread: {
      ...perThreadMedians(p),
      // Every round's figures, to judge the spread on a shared machine.
      busyMiBRounds: p.map((r) => round2(r.busyMiBPerThread)),
      spawnToReadyMsRounds: p.map((r) => round2(r.spawnToReadyMsPerThread)),
    },
    emptyWorker: emptyWorkerMedians(e),
  };
});
const reference = results[0]!;
const ratios = results.map((r) => ({
  runtime: r.runtime,
  busyMiB: round2(r.perThread.busyMiB / reference.perThread.busyMiB),
  spawnToReadyMs: round2(r.perThread.spawnToReadyMs / reference.perThread.spawnToReadyMs),
  emptyIdleMiB: round2(r.emptyWorker.idleMiB / reference.emptyWorker.idleMiB),
  emptySpawnToReadyMs: round2(r.emptyWorker.spawnToReadyMs / reference.emptyWorker.spawnToReadyMs),
}));
const record = {
  kind: 'ntab-runtime-threads',
  schemaVersion: 1,
  recordedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryMiB: Math.round(os.totalmem() / 2 ** 20), loadAtStart, loadAtEnd, otherCpu },
  threads,
  rounds,
  results,
  ratiosToFirst: ratios,
};
await writeFileAtomic(flags.output, `${JSON.stringify(record, null, 2)}\n`);
for (const r of results) {
  log(
    `${r.runtime}: ${r.perThread.busyMiB} MiB per busy thread (idle ${r.perThread.idleMiB}, peak ${r.perThread.peakMiB}), ` +
      `${r.perThread.busyMaps} mappings, ${r.perThread.spawnToReadyMs} ms spawn-to-ready; empty worker ${r.emptyWorker.idleMiB} MiB, ${r.emptyWorker.spawnToReadyMs} ms`,
  );
}
log(`wrote ${flags.output}`);
