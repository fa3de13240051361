import type { SweepParameter } from './presets.js';

/** One strategy at one value of the swept parameter (hyperfine statistics, seconds). */
export interface SweepPoint {
  value: number;
  strategy: string;
  meanSeconds: number;
  stddevSeconds: number;
  medianSeconds: number;
  minSeconds: number;
  maxSeconds: number;
  runs: number;
  /** Requests / mean time; null for the no-op reference. */
  requestsPerSecond: number | null;
  /** hyperfine's JSON export, relative to the sweep directory. */
  export: string;
  /** Set when the runs failed (e.g. a request failed): no timing then. */
  error?: string;
}

/** sweep.json: everything needed to redraw the chart or compare sweeps. */
export interface SweepResult {
  kind: 'ntab-sweep';
  version: 1;
  preset: string | null;
  parameter: SweepParameter;
  values: number[];
  /** Display names of the values where they are not numbers (node: value = position, label = version). */
  labels?: Record<string, string>;
  strategies: string[];
  fixed: { requests: number; chunk: number; delay: string; rtt: number; runs: number; warmup: number };
  /** Where the requests went: the sweep's own loopback server, or host:port from the environment. */
  target: string;
  environment: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  /** 1, 5 and 15 minute load averages when the sweep ended (the start is in environment.conditions). */
  loadAverageAtEnd: string;
  points: SweepPoint[];
}

export function isSweepResult(value: unknown): value is SweepResult {
  const v = value as Partial<SweepResult> | null;
  return typeof v === 'object' && v !== null && v.kind === 'ntab-sweep' && Array.isArray(v.points) && Array.isArray(v.values);
}

/** How the link was made: netns-run.sh's description when the sweep ran inside it, else loopback with or without the proxy. */
export function linkDescription(result: SweepResult): string {
  const conditions = (result.environment.conditions ?? {}) as { network?: unknown };
  const network = typeof conditions.network === 'string' ? conditions.network : 'unknown';
  if (network.startsWith('netns')) return network;
  return `${network}, rtt ${result.parameter === 'rtt' ? 'swept' : `${result.fixed.rtt} ms`}`;
}
