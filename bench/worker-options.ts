// npm run bench:threads -- [--quick] --output FILE [--sets a,b] [--rounds N] [--threads K]
//                          [--requests N] [--chunk C] [--map-requests M]
// What each worker option set (src/strategies/worker-options.ts) costs per thread, and
// whether it slows the thread strategies, side by side in one run:
// - first, whether the set is usable: every thread strategy must complete a small run
//   against the server by host name (localhost), as the containers and EC2 name theirs; a
//   set that fails is recorded under `unusable` with the reason and measured no further;
// - per thread (bench/lib/thread-probe.ts, one process per set and round): resident memory
//   idle, busy and at peak, memory mappings, open files, spawn-to-ready time; and the same
//   for workers that load nothing (the floor any worker thread costs with those options);
// - whole-process time of `benchmark threads-recreate|threads-reuse|threads-map` against a
//   loopback server, rounds interleaved across sets, as ratios to Node's defaults and to
//   the current default set;
// - the peak MiB per thread of a real run (threads-map -r M against threads-map -r 1),
//   and the process base before its first thread.
// The `model` block is what src/strategies/thread-budget.ts's THREAD_COST should hold for
// the default set (round up; see its comment); `cheapestWithin5Percent` is the adoption rule:
// the cheapest set that slows no thread strategy by more than 5% against Node's defaults.
// Full run: 5 rounds of every set (about 20-25 minutes on 2 cores); --quick: 1 small round
// (under a minute, to see that it works, not for publication).
// Measure on an otherwise idle machine: the load average is recorded at start and end.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { benchArgs, positive, usage } from './lib/args.ts';
import { CLIENT_CLI, capture, median, ROOT, startServer } from './lib/processes.ts';
import type { WorkerOptionSetName } from '../src/strategies/worker-options.ts';
import { dist } from './lib/dist.ts';
import { watchMachine } from './lib/machine.ts';
import { emptyWorkerMedians, perThreadMedians, round2, type ThreadProbe } from './lib/probe-figures.ts';
const { writeFileAtomic } = await dist<typeof import('../src/common/atomic-write.ts')>('common/atomic-write.js');

// The built module: the sources import each other with .js specifiers, which only the build resolves.
const { DEFAULT_WORKER_OPTION_SET, WORKER_OPTION_SETS, WORKER_OPTIONS_VARIABLE, isWorkerOptionSetName } = (await import(
  `${ROOT}dist/strategies/worker-options.js`
)) as typeof import('../src/strategies/worker-options.ts');

const flags = benchArgs(new URL(import.meta.url).pathname, {
    quick: { type: 'boolean', default: false },
    output: { type: 'string' },
    sets: { type: 'string' },
    rounds: { type: 'string' },
    threads: { type: 'string' },
    requests: { type: 'string' },
    chunk: { type: 'string' },
    'map-requests': { type: 'string' },
});


if (!flags.output) usage('--output FILE is required: where the figures go, as JSON');
const quick = flags.quick;
const sets = (flags.sets ? flags.sets.split(',').map((s) => s.trim()) : Object.keys(WORKER_OPTION_SETS)) as WorkerOptionSetName[];
for (const name of sets) if (!isWorkerOptionSetName(name)) usage(`unknown option set '${name}': ${Object.keys(WORKER_OPTION_SETS).join(', ')}`);
if (!sets.includes('node-defaults')) sets.unshift('node-defaults'); // every ratio's reference
if (!sets.includes(DEFAULT_WORKER_OPTION_SET)) sets.push(DEFAULT_WORKER_OPTION_SET);
const rounds = positive('rounds', flags.rounds, quick ? 1 : 5);
const probeThreads = positive('threads', flags.threads, quick ? 10 : 100);
const requests = positive('requests', flags.requests, quick ? 40 : 1000);
const chunk = positive('chunk', flags.chunk, quick ? 10 : 100);
const mapRequests = positive('map-requests', flags['map-requests'], quick ? 20 : 300);
const STRATEGY_RUNS: Record<string, string[]> = {
  'threads-recreate': ['-r', String(requests), '-c', String(chunk)],
  'threads-reuse': ['-r', String(requests), '-c', String(chunk)],
  'threads-map': ['-r', String(mapRequests)],
};

const log = (line: string): void => void process.stderr.write(`[bench:threads] ${line}\n`);

interface ProbeResult extends ThreadProbe {
  threads: number;
  busyFilesPerThread: number;
}
interface EmptyProbeResult {
  threads: number;
  spawnToReadyMsPerThread: number;
  idleMiBPerThread: number;
  idleMapsPerThread: number;
}
interface TimedRun {
  wallSeconds: number;
  elapsedSeconds: number;
  threadStartupSeconds: number;
  peakRssMiB: number;
}

const env = (set: WorkerOptionSetName, port: number): NodeJS.ProcessEnv => ({
  [WORKER_OPTIONS_VARIABLE]: set,
  BENCHMARK_SERVER_HOST: '127.0.0.1',
  BENCHMARK_SERVER_PORT: String(port),
});

/** One whole-process run of the CLI, timed from spawn to exit as hyperfine -N would. */
async function timedRun(set: WorkerOptionSetName, port: number, args: string[]): Promise<TimedRun> {
  const start = performance.now();
  const out = await capture(process.execPath, [CLIENT_CLI, ...args, '--json'], env(set, port)).catch((error: Error) => {
    throw new Error(`${set}: ${error.message}`);
  });
  const wallSeconds = (performance.now() - start) / 1000;
  const outcome = JSON.parse(out) as { elapsedSeconds: number; threadStartupSeconds: number; peakRssBytes: number };
  return { wallSeconds, elapsedSeconds: outcome.elapsedSeconds, threadStartupSeconds: outcome.threadStartupSeconds, peakRssMiB: outcome.peakRssBytes / 2 ** 20 };
}

/** A set is usable when every thread strategy completes against the server by host name: the empty string, or why not. */
async function unusableBecause(set: WorkerOptionSetName, port: number): Promise<string> {
  for (const strategy of Object.keys(STRATEGY_RUNS)) {
    try {
      await capture(process.execPath, [CLIENT_CLI, strategy, '-r', '4', '-c', '2', '--json'], { ...env(set, port), BENCHMARK_SERVER_HOST: 'localhost' });
    } catch (error) {
      const { stderr = '', exit } = error as Error & { stderr?: string; exit?: number | string };
      const why = /FATAL ERROR:[^\n]*/.exec(stderr)?.[0] ?? stderr.trim().split('\n').at(-1) ?? 'no message';
      return `${strategy} against localhost exited ${exit}: ${why}`;
    }
  }
  return '';
}

async function probe(set: WorkerOptionSetName, port: number): Promise<ProbeResult> {
  const out = await capture(process.execPath, [`${ROOT}bench/lib/thread-probe.ts`, String(probeThreads), `http://127.0.0.1:${port}`], env(set, port));
  return JSON.parse(out) as ProbeResult;
}

/** Workers that load nothing, with the same options: what any worker thread costs at least. */
async function emptyProbe(set: WorkerOptionSetName, port: number): Promise<EmptyProbeResult> {
  const out = await capture(process.execPath, [`${ROOT}bench/lib/thread-probe.ts`, String(probeThreads), `http://127.0.0.1:${port}`, 'empty'], env(set, port));
  return JSON.parse(out) as EmptyProbeResult;
}

const server = await startServer('project server', [process.execPath, `${ROOT}dist/server/cli.js`, '--host', '127.0.0.1', '--port', '0', '--log-level', 'error']);
const unusable: Record<string, string> = {};
for (const set of [...sets]) {
  const reason = await unusableBecause(set, server.port);
  if (reason === '') continue;
  log(`${set} is not usable: ${reason}`);
  unusable[set] = reason;
  sets.splice(sets.indexOf(set), 1);
}
if (unusable['node-defaults'] !== undefined || unusable[DEFAULT_WORKER_OPTION_SET] !== undefined) {
  await server.stop();
  usage(`Node's defaults and the default set (${DEFAULT_WORKER_OPTION_SET}) must be usable: ${JSON.stringify(unusable)}`);
}
// What other processes used meanwhile: the load at the end counts this bench's own threads.
const { loadAtStart, end: machineAtEnd } = watchMachine();
log(`${sets.length} option sets x ${rounds} rounds; load average ${loadAtStart.join(' ')} on ${os.cpus().length} cores`);
const probes = new Map<WorkerOptionSetName, ProbeResult[]>(sets.map((s) => [s, []]));
const emptyProbes = new Map<WorkerOptionSetName, EmptyProbeResult[]>(sets.map((s) => [s, []]));
const runs = new Map<string, TimedRun[]>();
const key = (set: string, what: string): string => `${set}\u0000${what}`;
const push = (set: string, what: string, run: TimedRun): void => void runs.set(key(set, what), [...(runs.get(key(set, what)) ?? []), run]);
try {
  // Warm the file system cache and the compile cache once, so the first set is not penalised.
  await timedRun(DEFAULT_WORKER_OPTION_SET, server.port, ['threads-reuse', '-r', '4', '-c', '2']);
  for (let round = 0; round < rounds; round++) {
    // Interleaved: drift on a shared machine hits every set alike.
    for (const set of sets) {
      log(`round ${round + 1}/${rounds}: ${set}`);
      probes.get(set)!.push(await probe(set, server.port));
      emptyProbes.get(set)!.push(await emptyProbe(set, server.port));
      for (const [strategy, args] of Object.entries(STRATEGY_RUNS)) push(set, strategy, await timedRun(set, server.port, [strategy, ...args]));
      push(set, 'threads-map -r 1', await timedRun(set, server.port, ['threads-map', '-r', '1']));
    }
  }
} finally {
  await server.stop();
}
const { loadAtEnd, otherCpu } = machineAtEnd();

const wall = (set: string, what: string): number => median(runs.get(key(set, what))!.map((r) => r.wallSeconds));
const results = Object.fromEntries(
  sets.map((set) => {
    const p = probes.get(set)!;
    const e = emptyProbes.get(set)!;
    const mapPeak = median(runs.get(key(set, 'threads-map'))!.map((r) => r.peakRssMiB));
    const onePeak = median(runs.get(key(set, 'threads-map -r 1'))!.map((r) => r.peakRssMiB));
    const runPeakPerThread = mapRequests > 1 ? (mapPeak - onePeak) / (mapRequests - 1) : Number.NaN;
    return [
      set,
      {
        description: WORKER_OPTION_SETS[set].description,
        options: WORKER_OPTION_SETS[set],
        perThread: {
          threads: probeThreads,
          ...perThreadMedians(p),
          busyFiles: round2(median(p.map((r) => r.busyFilesPerThread))),
        },
        emptyWorker: emptyWorkerMedians(e),
        run: {
          peakMiBPerThread: round2(runPeakPerThread),
          baseMiB: round2(onePeak - runPeakPerThread),
          threadsMapPeakMiB: round2(mapPeak),
        },
        wholeProcess: Object.fromEntries(
          Object.keys(STRATEGY_RUNS).map((strategy) => [
            strategy,
            {
              args: STRATEGY_RUNS[strategy],
              medianSeconds: Math.round(wall(set, strategy) * 1000) / 1000,
              ratioToNodeDefaults: Math.round((wall(set, strategy) / wall('node-defaults', strategy)) * 1000) / 1000,
              ratioToDefault: Math.round((wall(set, strategy) / wall(DEFAULT_WORKER_OPTION_SET, strategy)) * 1000) / 1000,
              runs: runs.get(key(set, strategy)),
            },
          ]),
        ),
      },
    ];
  }),
);

// The adoption rule: the cheapest set (peak MiB per thread, then mappings) that slows no thread strategy by more than 5%.
const within = sets.filter((set) => Object.values(results[set]!.wholeProcess).every((w) => w.ratioToNodeDefaults <= 1.05));
const cost = (set: string): [number, number] => [results[set]!.perThread.peakMiB, Math.max(results[set]!.perThread.idleMaps, results[set]!.perThread.busyMaps)];
within.sort((a, b) => cost(a)[0] - cost(b)[0] || cost(a)[1] - cost(b)[1]);
const chosen = results[DEFAULT_WORKER_OPTION_SET]!;
const model = {
  optionSet: DEFAULT_WORKER_OPTION_SET,
  // The run's own peak per thread, or the probe's busy figure if higher (the probe's peak / K also carries the main thread's growth).
  mibPerThread: Math.ceil(Math.max(chosen.perThread.busyMiB, chosen.run.peakMiBPerThread || 0)),
  mapsPerThread: Math.ceil(Math.max(chosen.perThread.idleMaps, chosen.perThread.busyMaps)),
  baseMiB: Math.ceil(Math.max(chosen.perThread.baseMiB, chosen.run.baseMiB || 0)),
  baseMaps: Math.ceil(chosen.perThread.baseMaps),
  filesPerThread: Math.ceil(chosen.perThread.busyFiles),
};

const record = {
  schemaVersion: 1,
  kind: 'ntab-worker-options',
  version: 1,
  recordedAt: new Date().toISOString(),
  quick,
  machine: {
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    maxMapCount: Number(readFileSync('/proc/sys/vm/max_map_count', 'utf8')),
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    otherCpu,
  },
  settings: { rounds, probeThreads, requests, chunk, mapRequests, strategies: STRATEGY_RUNS },
  defaultSet: DEFAULT_WORKER_OPTION_SET,
  sets: results,
  /** Sets that failed the host-name check, with the reason: not measured, never adopted. */
  unusable,
  cheapestWithin5Percent: within[0] ?? null,
  model,
};
await writeFileAtomic(flags.output, `${JSON.stringify(record, null, 2)}\n`);

const rows = sets.map((set) => {
  const r = results[set]!;
  const ratios = Object.entries(r.wholeProcess).map(([s, w]) => `${s.replace('threads-', '')} ${w.ratioToNodeDefaults.toFixed(3)}`).join(', ');
  return `| ${set}${set === DEFAULT_WORKER_OPTION_SET ? ' (default)' : ''} | ${r.perThread.idleMiB} / ${r.perThread.busyMiB} | ${r.run.peakMiBPerThread} | ${r.perThread.idleMaps} / ${r.perThread.busyMaps} | ${r.perThread.spawnToReadyMs} | ${r.emptyWorker.idleMiB} MiB, ${r.emptyWorker.idleMaps} maps | ${ratios} |`;
});
process.stdout.write(
  [
    '| option set | MiB per thread, idle / busy | peak MiB per thread in a run | mappings per thread, idle / busy | spawn-to-ready ms per thread | floor: an empty worker | whole-process time vs node-defaults |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...Object.entries(unusable).map(([set, reason]) => `Not usable, not measured: ${set} (${reason}).`),
    `Cheapest usable set whose mean time is at most 5% above Node's defaults' on every thread strategy (a rule on the means, not a test of equality): ${record.cheapestWithin5Percent ?? 'none'}.`,
    `Model for ${DEFAULT_WORKER_OPTION_SET} (src/strategies/thread-budget.ts THREAD_COST): ${JSON.stringify(model)}.`,
    `Load average: ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end, on ${os.cpus().length} cores; other processes used ${otherCpu ? otherCpu.otherCores.toFixed(2) : '?'} cores meanwhile${quick ? ' (--quick: not for publication)' : ''}.`,
    `Written: ${flags.output}`,
    '',
  ].join('\n'),
);
