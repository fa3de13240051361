// sweep.json: its shape, and the one check that a file really has it. Everything the outputs
// (sweep.md, chart.svg, the crossover) and `npm run results` read is checked, field by field,
// before anything is drawn or written: a damaged file is named with the first field that is
// wrong, in one line, and left as it is.
import { strategyOfLabel } from '../report/crossover.js';
import { DelaySyntaxError, parseDelay } from '../server/delay.js';
import { PARAMETERS, type SweepParameter } from './presets.js';
import { isJsonObject, type JsonObject } from '../common/json.js';

/** The strategy's own clock (the client's elapsedSeconds) over the measured invocations of a point. */
export interface InProcessTimes {
  /** One per measured invocation that left an outcome with every request verified, in order. */
  times: number[];
  medianSeconds: number;
  meanSeconds: number;
  /** Requests / median in-process time; null for the no-op reference. */
  requestsPerSecond: number | null;
}

/** One strategy at one value of the swept parameter (hyperfine statistics, seconds). */
export interface SweepPoint {
  value: number;
  /** The strategy's label: a registry name, or one with its own C ("threads-reuse c=2"). */
  strategy: string;
  /** C the point ran with (-c). Absent in sweeps written before it was recorded. */
  chunk?: number;
  /** Cores of the machine the point ran on (os.availableParallelism()). */
  cores?: number;
  meanSeconds: number;
  stddevSeconds: number;
  medianSeconds: number;
  minSeconds: number;
  maxSeconds: number;
  runs: number;
  /** hyperfine's per-run times (whole process), seconds. Absent (or null) where a sweep did not keep them. */
  times?: number[] | null;
  /** Requests / mean time; null for the no-op reference. */
  requestsPerSecond: number | null;
  /** hyperfine's JSON export, relative to the sweep directory. */
  export: string;
  /** Every invocation's outcome (warmups first), relative to the sweep directory. */
  outcomes?: string;
  /** In-process times from those outcomes; null when no measured invocation left one. */
  inProcess?: InProcessTimes | null;
  /** Set when the runs failed (e.g. a request failed): no timing then. */
  error?: string;
}

/** sweep.json's stored crossover (src/sweep/crossover.ts); recomputed from the points whenever they are read. */
export interface StoredCrossover {
  figure: string;
  found: boolean;
  value: number | null;
  sentence: string;
}

/** The settings of every point (the swept parameter's own aside): sweep.json's `fixed`, and the plan's. */
export interface FixedSettings {
  requests: number;
  chunk: number;
  /** Server --delay spec for every point (unless delay is swept). */
  delay: string;
  /** Link RTT in ms for every point (unless rtt is swept); 0: no proxy. */
  rtt: number;
  runs: number;
  warmup: number;
  /** Every point ran with --warm (always for the work parameter). Absent (false) in older sweeps. */
  warm?: boolean;
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
  fixed: FixedSettings;
  /** Where the requests went: the sweep's own loopback server, or host:port from the environment. */
  target: string;
  environment: Record<string, unknown>;
  startedAt: string;
  /** When the last point so far ended: sweep.json is written after every point. */
  finishedAt: string;
  /** Older sweeps: the load at the end (now environment.loadAverageAtEnd). */
  loadAverageAtEnd?: string;
  /** Points the sweep set out to measure; fewer in `points` means it was stopped or is still running. */
  planned?: number;
  /** work sweeps: where warm threads first beat the event loop beyond noise. */
  crossover?: StoredCrossover;
  /** work sweeps: the one calibration (units of work per CPU ms) every invocation was given, so all did the same work. */
  workUnitsPerMs?: number;
  points: SweepPoint[];
}

/** A file that is not a usable sweep.json: the message names the first field that is wrong. */
export class SweepFormatError extends Error {}

/** What a value is, for the message: NaN and Infinity by name (JSON.stringify shows them as null). */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function wrong(path: string, expected: string, value: unknown): never {
  throw new SweepFormatError(`${path} must be ${expected}, got ${show(value)}`);
}

function object(value: unknown, path: string): JsonObject {
  return isJsonObject(value) ? value : wrong(path, 'an object', value);
}

function string(value: unknown, path: string, nonEmpty = true): string {
  return typeof value === 'string' && (!nonEmpty || value.trim() !== '') ? value : wrong(path, nonEmpty ? 'a non-empty string' : 'a string', value);
}

function finite(value: unknown, path: string, min = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : wrong(path, `a finite number >= ${min}`, value);
}

function integer(value: unknown, path: string, min: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : wrong(path, `an integer >= ${min}`, value);
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

function seconds(value: unknown, path: string): number[] {
  if (!Array.isArray(value) || value.length === 0) wrong(path, 'a non-empty array of seconds', value);
  return value.map((t, i) => finite(t, `${path}[${i}]`));
}

function time(value: unknown, path: string): string {
  const text = string(value, path);
  return Number.isNaN(Date.parse(text)) ? wrong(path, 'an ISO date and time', value) : text;
}

/** A path inside the sweep directory (runs/...), never one that leaves it. */
function relativeFile(value: unknown, path: string): string {
  const text = string(value, path);
  return text.startsWith('/') || text.split(/[\\/]/).includes('..') ? wrong(path, 'a path inside the sweep directory', value) : text;
}

/** Load averages as the sweeps have recorded them: [1, 5, 15] numbers, or "1.00 0.50 0.25". */
function loads(value: unknown, path: string): void {
  if (Array.isArray(value)) value.forEach((load, i) => finite(load, `${path}[${i}]`));
  else if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?(\s+\d+(\.\d+)?)*\s*$/.test(value)) wrong(path, 'load averages', value);
}

/** The fields of the environment record that sweep.md, the chart and the results read. */
function checkEnvironment(value: unknown): JsonObject {
  const env = object(value, 'environment');
  optional(env.node, (v) => string(v, 'environment.node'));
  optional(env.os, (v) => string(v, 'environment.os'));
  if (env.cpuModel !== undefined && env.cpuModel !== null) string(env.cpuModel, 'environment.cpuModel');
  optional(env.cpuCount, (v) => integer(v, 'environment.cpuCount', 1));
  optional(env.loadAverage, (v) => loads(v, 'environment.loadAverage'));
  optional(env.loadAverageAtEnd, (v) => loads(v, 'environment.loadAverageAtEnd'));
  const conditions = optional(env.conditions, (v) => object(v, 'environment.conditions'));
  if (conditions) {
    optional(conditions.network, (v) => string(v, 'environment.conditions.network'));
    optional(conditions.loadAverageAtStart, (v) => loads(v, 'environment.conditions.loadAverageAtStart'));
  }
  return env;
}

function checkInProcess(value: unknown, path: string): InProcessTimes | null {
  if (value === null) return null;
  const raw = object(value, path);
  const rate = raw.requestsPerSecond;
  return {
    times: seconds(raw.times, `${path}.times`),
    medianSeconds: finite(raw.medianSeconds, `${path}.medianSeconds`),
    meanSeconds: finite(raw.meanSeconds, `${path}.meanSeconds`),
    requestsPerSecond: rate === null ? null : finite(rate, `${path}.requestsPerSecond`),
  };
}

function checkPoint(value: unknown, index: number, result: Pick<SweepResult, 'values' | 'strategies'>): SweepPoint {
  const path = `points[${index}]`;
  const raw = object(value, path);
  const pointValue = finite(raw.value, `${path}.value`, -Infinity);
  if (!result.values.includes(pointValue)) wrong(`${path}.value`, `one of values (${result.values.join(', ')})`, raw.value);
  const strategy = string(raw.strategy, `${path}.strategy`);
  if (!result.strategies.includes(strategy)) wrong(`${path}.strategy`, `one of strategies (${result.strategies.join(', ')})`, raw.strategy);
  const error = optional(raw.error, (v) => string(v, `${path}.error`));
  // A failed point has no timing (NaN written as null); a measured one has all of it.
  const timing = (key: string): number =>
    error !== undefined && (raw[key] === null || raw[key] === undefined) ? Number.NaN : finite(raw[key], `${path}.${key}`);
  const rate = raw.requestsPerSecond;
  const point: SweepPoint = {
    value: pointValue,
    strategy,
    meanSeconds: timing('meanSeconds'),
    stddevSeconds: timing('stddevSeconds'),
    medianSeconds: timing('medianSeconds'),
    minSeconds: timing('minSeconds'),
    maxSeconds: timing('maxSeconds'),
    runs: integer(raw.runs, `${path}.runs`, error === undefined ? 1 : 0),
    requestsPerSecond: rate === null || rate === undefined ? null : finite(rate, `${path}.requestsPerSecond`),
    export: relativeFile(raw.export, `${path}.export`),
  };
  const chunk = optional(raw.chunk, (v) => integer(v, `${path}.chunk`, 1));
  const cores = optional(raw.cores, (v) => integer(v, `${path}.cores`, 1));
  const times = raw.times === null ? undefined : optional(raw.times, (v) => seconds(v, `${path}.times`));
  const outcomes = optional(raw.outcomes, (v) => relativeFile(v, `${path}.outcomes`));
  const inProcess = optional(raw.inProcess, (v) => checkInProcess(v, `${path}.inProcess`));
  return {
    ...point,
    ...(chunk !== undefined ? { chunk } : {}),
    ...(cores !== undefined ? { cores } : {}),
    ...(times !== undefined ? { times } : {}),
    ...(outcomes !== undefined ? { outcomes } : {}),
    ...(inProcess !== undefined ? { inProcess } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

function checkFixed(value: unknown): SweepResult['fixed'] {
  const fixed = object(value, 'fixed');
  const delay = string(fixed.delay, 'fixed.delay');
  try {
    parseDelay(delay);
  } catch (error) {
    if (!(error instanceof DelaySyntaxError)) throw error;
    wrong('fixed.delay', 'a server delay such as "0" or "uniform:0,40"', delay);
  }
  const warm = optional(fixed.warm, (v) => (typeof v === 'boolean' ? v : wrong('fixed.warm', 'true or false', v)));
  return {
    requests: integer(fixed.requests, 'fixed.requests', 1),
    chunk: integer(fixed.chunk, 'fixed.chunk', 1),
    delay,
    rtt: finite(fixed.rtt, 'fixed.rtt'),
    runs: integer(fixed.runs, 'fixed.runs', 1),
    warmup: integer(fixed.warmup, 'fixed.warmup', 0),
    ...(warm !== undefined ? { warm } : {}),
  };
}

function uniqueList<T>(items: T[], path: string): T[] {
  const seen = new Set<T>();
  items.forEach((item, i) => {
    if (seen.has(item)) wrong(`${path}[${i}]`, 'listed once', item);
    seen.add(item);
  });
  return items;
}

/**
 * The sweep.json a value really is, checked field by field; a SweepFormatError names the
 * first wrong field ("points[3].meanSeconds must be a finite number >= 0, got NaN").
 */
export function checkSweepResult(value: unknown): SweepResult {
  const raw = object(value, 'the file');
  if (raw.kind !== 'ntab-sweep') wrong('kind', '"ntab-sweep"', raw.kind);
  if (raw.version !== 1) wrong('version', '1', raw.version);
  const preset = raw.preset === null ? null : typeof raw.preset === 'string' && raw.preset !== '' ? raw.preset : wrong('preset', 'a preset name or null', raw.preset);
  const parameter = raw.parameter as SweepParameter;
  if (typeof raw.parameter !== 'string' || !Object.hasOwn(PARAMETERS, raw.parameter)) wrong('parameter', `one of ${Object.keys(PARAMETERS).join(', ')}`, raw.parameter);
  if (!Array.isArray(raw.values) || raw.values.length === 0) wrong('values', 'a non-empty array of numbers', raw.values);
  const values = uniqueList(
    raw.values.map((v, i) => finite(v, `values[${i}]`, parameter === 'delay' || parameter === 'rtt' || parameter === 'work' ? 0 : 1)),
    'values',
  );
  const labels = optional(raw.labels, (v) => {
    const record = object(v, 'labels');
    for (const [key, label] of Object.entries(record)) string(label, `labels.${key}`);
    return record as Record<string, string>;
  });
  if (parameter === 'node') values.forEach((v) => labels?.[String(v)] ?? wrong(`labels.${v}`, 'the Node version of value ' + v, undefined));
  if (!Array.isArray(raw.strategies) || raw.strategies.length === 0) wrong('strategies', 'a non-empty array of strategy names', raw.strategies);
  const strategies = uniqueList(
    raw.strategies.map((s, i) => {
      const name = string(s, `strategies[${i}]`);
      return strategyOfLabel(name) ? name : wrong(`strategies[${i}]`, 'a strategy (see benchmark list), optionally with its C ("threads-reuse c=2")', s);
    }),
    'strategies',
  );
  const fixed = checkFixed(raw.fixed);
  const target = string(raw.target, 'target');
  const environment = checkEnvironment(raw.environment);
  const startedAt = time(raw.startedAt, 'startedAt');
  const finishedAt = time(raw.finishedAt, 'finishedAt');
  const loadAverageAtEnd = optional(raw.loadAverageAtEnd, (v) => {
    loads(v, 'loadAverageAtEnd');
    return String(v);
  });
  const planned = optional(raw.planned, (v) => integer(v, 'planned', 1));
  const crossover = optional(raw.crossover, (v) => {
    const stored = object(v, 'crossover');
    return {
      figure: string(stored.figure, 'crossover.figure'),
      found: typeof stored.found === 'boolean' ? stored.found : wrong('crossover.found', 'true or false', stored.found),
      value: stored.value === null ? null : finite(stored.value, 'crossover.value'),
      sentence: string(stored.sentence, 'crossover.sentence'),
    };
  });
  const workUnitsPerMs = optional(raw.workUnitsPerMs, (v) => {
    const rate = finite(v, 'workUnitsPerMs');
    return rate > 0 ? rate : wrong('workUnitsPerMs', 'a rate above 0', v);
  });
  if (!Array.isArray(raw.points) || raw.points.length === 0) wrong('points', 'a non-empty array (a sweep.json is written once its first point is measured)', raw.points);
  const points = raw.points.map((p, i) => checkPoint(p, i, { values, strategies }));
  points.forEach((p, i) => {
    const first = points.findIndex((q) => q.value === p.value && q.strategy === p.strategy);
    if (first < i) wrong(`points[${i}]`, `the only point of ${p.strategy} at ${p.value}`, `a second one (points[${first}] is the first)`);
  });
  return {
    kind: 'ntab-sweep',
    version: 1,
    preset,
    parameter,
    values,
    ...(labels ? { labels } : {}),
    strategies,
    fixed,
    target,
    environment,
    startedAt,
    finishedAt,
    ...(loadAverageAtEnd !== undefined ? { loadAverageAtEnd } : {}),
    ...(planned !== undefined ? { planned } : {}),
    ...(crossover !== undefined ? { crossover } : {}),
    ...(workUnitsPerMs !== undefined ? { workUnitsPerMs } : {}),
    points,
  };
}

/** How the link was made: netns-run.sh's description when the sweep ran inside it, else loopback with or without the proxy. */
export function linkDescription(result: SweepResult): string {
  const conditions = (result.environment.conditions ?? {}) as { network?: unknown };
  const network = typeof conditions.network === 'string' ? conditions.network : 'unknown';
  if (network.startsWith('netns')) return network;
  return `${network}, rtt ${result.parameter === 'rtt' ? 'swept' : `${result.fixed.rtt} ms`}`;
}
