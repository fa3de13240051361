// The sweep: every (value, strategy) pair is one hyperfine run (-N, as the suite's), its
// export and every invocation's outcome kept in runs/. sweep.json, sweep.md and the chart are
// written again after every point (each atomically), so whatever stops the sweep, what it
// measured is on disk.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { PROJECT_FILES } from '../common/project-root.js';
import { busyMachineWarning, collectEnvironment, endOfRun, type NodeVersions } from '../environment/collect.js';
import { cpuSnapshot } from '../environment/cpu.js';
import { isStopping } from '../runner/children.js';
import { failureReason, HYPERFINE_MISSING, hyperfineVersion, readHyperfineExport, runHyperfine } from '../runner/hyperfine.js';
import { startBenchmarkServer, startLatencyProxy, type Listening } from '../runner/processes.js';
import { findStrategy } from '../strategies/registry.js';
import { storedCrossover, sweepCrossover } from './crossover.js';
import { outcomesJsonl } from '../outcome/outcome-lines.js';
import { inProcessTimes, invocationLines } from './outcomes.js';
import type { SweepParameter } from './presets.js';
import { Progress } from './progress.js';
import type { FixedSettings, SweepPoint, SweepResult } from './result.js';
import { writeOutputs } from './outputs.js';
import { fileSlug, type StrategyVariant } from './variants.js';

export interface SweepPlan extends Required<FixedSettings> {
  preset: string | null;
  parameter: SweepParameter;
  values: number[];
  /** What runs at each value, in order: registry strategies, each maybe at its own C. */
  strategies: StrategyVariant[];
  output: string;
  /** Node binary for the client runs, servers and proxies, and its versions. */
  node: string;
  nodeVersions: NodeVersions;
  /** parameter 'node': the client's node binary and its version for each value (1, 2, ...). */
  clients?: { binary: string; version: string }[];
  /** Host and port from BENCHMARK_SERVER_HOST/PORT instead of an own loopback server. */
  external?: { host: string; port: number };
}

/** The server (and proxy) a point runs against: started per value only when the value is theirs. */
class Target {
  private server: Listening | undefined;
  private proxy: Listening | undefined;
  private serverDelay: string | undefined;
  private proxyRtt: number | undefined;
  private readonly plan: SweepPlan;

  constructor(plan: SweepPlan) {
    this.plan = plan;
  }

  async prepare(value: number): Promise<{ host: string; port: number }> {
    const { plan } = this;
    if (plan.external) return plan.external;
    const delay = plan.parameter === 'delay' ? String(value) : plan.delay;
    const rtt = plan.parameter === 'rtt' ? value : plan.rtt;
    if (this.server === undefined || this.serverDelay !== delay) {
      await this.stop();
      this.server = await startBenchmarkServer(plan.node, ['--delay', delay]);
      this.serverDelay = delay;
    }
    if (rtt > 0 && (this.proxy === undefined || this.proxyRtt !== rtt)) {
      await this.proxy?.stop();
      this.proxy = await startLatencyProxy(plan.node, this.server.port, rtt);
      this.proxyRtt = rtt;
    }
    if (rtt === 0 && this.proxy) {
      await this.proxy.stop();
      this.proxy = undefined;
    }
    return { host: '127.0.0.1', port: (this.proxy ?? this.server).port };
  }

  async stop(): Promise<void> {
    await this.proxy?.stop();
    await this.server?.stop();
    this.proxy = undefined;
    this.server = undefined;
  }
}

/** A request may wait behind every other request's CPU work on one event loop: its timeout covers that too. */
const BASE_TIMEOUT_MS = 30_000;

/** The client's command line for one point. */
function clientArgv(plan: SweepPlan, variant: StrategyVariant, value: number, requests: number, chunk: number, workUnitsPerMs: number | undefined): string[] {
  const client = plan.parameter === 'node' ? plan.clients?.[value - 1] : undefined;
  const work =
    plan.parameter === 'work' && value > 0
      ? ['--work-ms', String(value), '--work-units-per-ms', String(workUnitsPerMs), '--timeout', String(Math.ceil(BASE_TIMEOUT_MS + requests * value))]
      : [];
  return [client?.binary ?? plan.node, PROJECT_FILES.clientCli, variant.strategy, '-r', String(requests), '-c', String(chunk), ...(plan.warm ? ['--warm'] : []), ...work];
}

function failedPoint(value: number, label: string, chunk: number, files: { export: string; outcomes: string }, error: string): SweepPoint {
  const none = Number.NaN;
  return { value, strategy: label, chunk, cores: os.availableParallelism(), meanSeconds: none, stddevSeconds: 0, medianSeconds: none, minSeconds: none, maxSeconds: none, runs: 0, requestsPerSecond: null, export: files.export, outcomes: files.outcomes, error };
}

/** Runs every (value, strategy) pair with hyperfine; after each, writes sweep.json, sweep.md and chart.svg. */
export async function runSweep(plan: SweepPlan): Promise<SweepResult> {
  await mkdir(join(plan.output, 'runs'), { recursive: true });
  if (hyperfineVersion() === null) throw new Error(HYPERFINE_MISSING);

  const progress = new Progress(plan.values.length * plan.strategies.length);
  const busy = busyMachineWarning();
  if (busy) progress.note(busy);
  const cpuAtStart = cpuSnapshot();

  // One calibration for the whole work sweep, handed to every invocation: each process's own
  // varies by a fifth here, which would give strategies at the same point different work.
  const workUnitsPerMs = plan.parameter === 'work' ? (await import('../strategies/work.js')).calibrateWork(50, 9) : undefined;
  const startedAt = new Date().toISOString();
  const targetLabel = plan.external ? `${plan.external.host}:${plan.external.port} (BENCHMARK_SERVER_HOST/PORT)` : 'own benchmark-server on loopback';
  const labels = plan.strategies.map((s) => s.label);
  const environment = {
    ...collectEnvironment({
      node: plan.nodeVersions,
      parameters: {
        sweep: plan.parameter,
        values: plan.clients ? plan.clients.map((c) => `${c.version}=${c.binary}`).join(' ') : plan.values.join(' '),
        strategies: labels.join(', '),
        queries: plan.requests,
        chunk: plan.chunk,
        runs: plan.runs,
        warmup: plan.warmup,
        warm: String(plan.warm),
      },
    }),
    // What only a sweep knows: how the link and the server were set up.
    conditions: {
      target: targetLabel,
      serverDelay: plan.parameter === 'delay' ? 'swept' : plan.delay,
      // Inside scripts/netns-run.sh (or on EC2) the link is described by the caller; on loopback the proxy is ours;
      // a server given by BENCHMARK_SERVER_HOST without a description is not claimed to be on loopback.
      network:
        process.env.BENCHMARK_NETWORK ??
        (plan.external ? `the network to ${plan.external.host}` : plan.parameter === 'rtt' || plan.rtt > 0 ? 'loopback through the latency proxy' : 'loopback'),
      link: process.env.BENCHMARK_LINK ?? (plan.external ? 'not described' : plan.parameter === 'rtt' || plan.rtt > 0 ? 'proxy' : 'none'),
      rttMs: plan.parameter === 'rtt' ? 'swept' : plan.rtt,
    },
  };

  progress.note(
    `${plan.parameter} = ${plan.clients ? plan.clients.map((c) => c.version).join(', ') : plan.values.join(', ')}; ${labels.join(', ')}; ${plan.requests} requests, ` +
      `${plan.warmup} warmup + ${plan.runs} runs each${plan.warm ? ', warm' : ''}; output in ${plan.output}`,
  );
  if (workUnitsPerMs !== undefined) progress.note(`work sized once for every invocation: ${workUnitsPerMs.toFixed(1)} units per CPU ms (--work-units-per-ms)`);
  const points: SweepPoint[] = [];
  let written: SweepResult | undefined;
  /** sweep.json as it stands: the points so far, the load and time now. */
  const resultSoFar = (): SweepResult => {
    const end = endOfRun(cpuAtStart);
    const result: SweepResult = {
      kind: 'ntab-sweep',
      version: 1,
      preset: plan.preset,
      parameter: plan.parameter,
      values: plan.values,
      ...(plan.clients ? { labels: Object.fromEntries(plan.clients.map((c, i) => [String(i + 1), c.version])) } : {}),
      strategies: labels,
      fixed: { requests: plan.requests, chunk: plan.chunk, delay: plan.delay, rtt: plan.rtt, runs: plan.runs, warmup: plan.warmup, warm: plan.warm },
      target: targetLabel,
      // The load when the last point so far ended: where the report and `npm run results` read it.
      environment: { ...environment, ...end },
      startedAt,
      finishedAt: end.finishedAt,
      planned: plan.values.length * plan.strategies.length,
      points: [...points],
    };
    return plan.parameter === 'work' ? { ...result, workUnitsPerMs, crossover: storedCrossover(sweepCrossover(result)) } : result;
  };

  // The clients append their outcomes here, one file per point; removed however the sweep ends.
  const scratch = await mkdtemp(join(os.tmpdir(), 'ntab-sweep-outcomes-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  const target = new Target(plan);
  try {
    for (const value of plan.values) {
      const { host, port } = await target.prepare(value);
      const requests = plan.parameter === 'requests' ? value : plan.requests;
      for (const variant of plan.strategies) {
        const chunk = variant.chunk ?? (plan.parameter === 'chunk' ? value : plan.chunk);
        const base = join('runs', `${plan.parameter}-${value}-${fileSlug(variant.label)}`);
        const files = { export: `${base}.json`, outcomes: `${base}.outcomes.jsonl` };
        const appended = join(scratch, `${points.length}.jsonl`);
        const client = plan.parameter === 'node' ? plan.clients?.[value - 1] : undefined;
        const label = `${plan.parameter}=${client ? client.version : value} ${variant.label}`;
        try {
          const exportJson = join(plan.output, files.export);
          await writeFile(appended, '');
          const run = await runHyperfine({
            commands: [{ name: variant.label, argv: clientArgv(plan, variant, value, requests, chunk, workUnitsPerMs) }],
            runs: plan.runs,
            warmup: plan.warmup,
            exportJson,
            env: { BENCHMARK_SERVER_HOST: host, BENCHMARK_SERVER_PORT: String(port), BENCHMARK_OUTCOME_FILE: appended },
            echo: false,
          });
          if (isStopping()) return await new Promise<never>(() => {});
          const lines = await invocationLines(appended, variant.label, plan.warmup, plan.runs, run.code !== 0);
          await writeFileAtomic(join(plan.output, files.outcomes), outcomesJsonl(lines));
          if (run.code !== 0) throw new Error(failureReason(run));
          const timing = (await readHyperfineExport(exportJson)).results[0];
          if (!timing) throw new Error(`hyperfine wrote no result to ${exportJson}`);
          const reference = findStrategy(variant.strategy)?.kind === 'reference';
          const inProcess = inProcessTimes(lines, reference ? null : requests);
          const requestsPerSecond = reference ? null : requests / timing.mean;
          points.push({
            value,
            strategy: variant.label,
            chunk,
            cores: os.availableParallelism(),
            meanSeconds: timing.mean,
            stddevSeconds: timing.stddev ?? 0,
            medianSeconds: timing.median ?? timing.mean,
            minSeconds: timing.min ?? timing.mean,
            maxSeconds: timing.max ?? timing.mean,
            runs: timing.times?.length ?? plan.runs,
            ...(timing.times ? { times: timing.times } : {}),
            requestsPerSecond,
            export: files.export,
            outcomes: files.outcomes,
            inProcess,
          });
          const rate = requestsPerSecond === null ? '' : `, ${Math.round(requestsPerSecond)} req/s`;
          const own = plan.warm && inProcess ? `; in-process ${inProcess.medianSeconds.toFixed(3)} s` : '';
          progress.step(label, `${timing.mean.toFixed(3)} s ± ${(timing.stddev ?? 0).toFixed(3)}${rate}${own}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          points.push(failedPoint(value, variant.label, chunk, files, message));
          progress.step(label, `FAILED: ${message}`);
        } finally {
          await rm(appended, { force: true });
        }
        // Everything measured so far is on disk before the next point starts.
        written = resultSoFar();
        await writeOutputs(written, plan.output);
      }
    }
  } finally {
    await target.stop();
    removeScratch();
    process.removeListener('exit', removeScratch);
  }

  const result = written ?? resultSoFar();
  progress.note(`wrote ${join(plan.output, 'sweep.json')}, sweep.md and chart.svg`);
  if (result.crossover) progress.note(result.crossover.sentence);
  return result;
}
