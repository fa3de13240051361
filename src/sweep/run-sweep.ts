import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { PROJECT_FILES } from '../common/project-root.js';
import { collectEnvironment, type NodeVersions } from '../environment/collect.js';
import { isStopping } from '../runner/children.js';
import { failureReason, HYPERFINE_MISSING, hyperfineVersion, readHyperfineExport, runHyperfine } from '../runner/hyperfine.js';
import { startBenchmarkServer, startLatencyProxy, type Listening } from '../runner/processes.js';
import { findStrategy } from '../strategies/registry.js';
import type { SweepParameter } from './presets.js';
import { Progress } from './progress.js';
import type { SweepPoint, SweepResult } from './result.js';
import { writeOutputs } from './outputs.js';

export interface SweepPlan {
  preset: string | null;
  parameter: SweepParameter;
  values: number[];
  strategies: string[];
  requests: number;
  chunk: number;
  /** Server --delay spec for every point (unless delay is swept). */
  delay: string;
  /** Link RTT in ms for every point (unless rtt is swept); 0: no proxy. */
  rtt: number;
  runs: number;
  warmup: number;
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

/** Runs every (value, strategy) pair with hyperfine, then writes sweep.json, sweep.md and chart.svg. */
export async function runSweep(plan: SweepPlan): Promise<SweepResult> {
  await mkdir(join(plan.output, 'runs'), { recursive: true });
  if (hyperfineVersion() === null) throw new Error(HYPERFINE_MISSING);

  const startedAt = new Date().toISOString();
  const targetLabel = plan.external ? `${plan.external.host}:${plan.external.port} (BENCHMARK_SERVER_HOST/PORT)` : 'own benchmark-server on loopback';
  const environment = {
    ...collectEnvironment({
      node: plan.nodeVersions,
      parameters: {
        sweep: plan.parameter,
        values: plan.clients ? plan.clients.map((c) => `${c.version}=${c.binary}`).join(' ') : plan.values.join(' '),
        strategies: plan.strategies.join(' '),
        queries: plan.requests,
        chunk: plan.chunk,
        runs: plan.runs,
        warmup: plan.warmup,
      },
    }),
    // What only a sweep knows: how the link and the server were set up.
    conditions: {
      target: targetLabel,
      serverDelay: plan.parameter === 'delay' ? 'swept' : plan.delay,
      // Inside scripts/netns-run.sh the link is described by it; on loopback the proxy is ours.
      network: process.env.BENCHMARK_NETWORK ?? (plan.parameter === 'rtt' || plan.rtt > 0 ? 'loopback through the latency proxy' : 'loopback'),
      link: process.env.BENCHMARK_LINK ?? (plan.parameter === 'rtt' || plan.rtt > 0 ? 'proxy' : 'none'),
      rttMs: plan.parameter === 'rtt' ? 'swept' : plan.rtt,
      // A busy machine shows here: numbers taken under load are not comparable.
      loadAverageAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    },
  };

  const progress = new Progress(plan.values.length * plan.strategies.length);
  progress.note(
    `${plan.parameter} = ${plan.clients ? plan.clients.map((c) => c.version).join(', ') : plan.values.join(', ')}; ${plan.strategies.join(', ')}; ${plan.requests} requests, ` +
      `${plan.warmup} warmup + ${plan.runs} runs each; output in ${plan.output}`,
  );
  const points: SweepPoint[] = [];
  const target = new Target(plan);
  try {
    for (const value of plan.values) {
      const { host, port } = await target.prepare(value);
      const requests = plan.parameter === 'requests' ? value : plan.requests;
      const chunk = plan.parameter === 'chunk' ? value : plan.chunk;
      for (const strategy of plan.strategies) {
        const exportFile = join('runs', `${plan.parameter}-${value}-${strategy}.json`);
        const client = plan.parameter === 'node' ? plan.clients?.[value - 1] : undefined;
        const label = `${plan.parameter}=${client ? client.version : value} ${strategy}`;
        try {
          const exportJson = join(plan.output, exportFile);
          const run = await runHyperfine({
            commands: [{ name: strategy, argv: [client?.binary ?? plan.node, PROJECT_FILES.clientCli, strategy, '-r', String(requests), '-c', String(chunk)] }],
            runs: plan.runs,
            warmup: plan.warmup,
            exportJson,
            env: { BENCHMARK_SERVER_HOST: host, BENCHMARK_SERVER_PORT: String(port) },
            echo: false,
          });
          if (isStopping()) return await new Promise<never>(() => {});
          if (run.code !== 0) throw new Error(failureReason(run));
          const timing = (await readHyperfineExport(exportJson)).results[0];
          if (!timing) throw new Error(`hyperfine wrote no result to ${exportJson}`);
          const requestsPerSecond = findStrategy(strategy)?.kind === 'reference' ? null : requests / timing.mean;
          points.push({
            value,
            strategy,
            meanSeconds: timing.mean,
            stddevSeconds: timing.stddev ?? 0,
            medianSeconds: timing.median ?? timing.mean,
            minSeconds: timing.min ?? timing.mean,
            maxSeconds: timing.max ?? timing.mean,
            runs: timing.times?.length ?? plan.runs,
            requestsPerSecond,
            export: exportFile,
          });
          const rate = requestsPerSecond === null ? '' : `, ${Math.round(requestsPerSecond)} req/s`;
          progress.step(label, `${timing.mean.toFixed(3)} s ± ${(timing.stddev ?? 0).toFixed(3)}${rate}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          points.push({ value, strategy, meanSeconds: Number.NaN, stddevSeconds: 0, medianSeconds: Number.NaN, minSeconds: Number.NaN, maxSeconds: Number.NaN, runs: 0, requestsPerSecond: null, export: exportFile, error: message });
          progress.step(label, `FAILED: ${message}`);
        }
      }
    }
  } finally {
    await target.stop();
  }

  const result: SweepResult = {
    kind: 'ntab-sweep',
    version: 1,
    preset: plan.preset,
    parameter: plan.parameter,
    values: plan.values,
    ...(plan.clients ? { labels: Object.fromEntries(plan.clients.map((c, i) => [String(i + 1), c.version])) } : {}),
    strategies: plan.strategies,
    fixed: { requests: plan.requests, chunk: plan.chunk, delay: plan.delay, rtt: plan.rtt, runs: plan.runs, warmup: plan.warmup },
    target: targetLabel,
    environment,
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverageAtEnd: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    points,
  };
  await writeOutputs(result, plan.output);
  progress.note(`wrote ${join(plan.output, 'sweep.json')}, sweep.md and chart.svg`);
  return result;
}

