// sweep.json: its schema (docs/schemas/sweep.schema.json is generated from it) and the checks a schema
// cannot say, all made before anything is drawn or written: a damaged file is named with its first
// wrong field, in one line, and left as it is.
import Type, { type Static } from 'typebox';
import { checked, DataError } from '../common/json.js';
import { DelaySyntaxError, parseDelay } from '../server/delay.js';
import { parseLabel } from '../strategies/label.js';
import { parameterNamed, PARAMETERS, type SweepParameter } from './parameters.js';

export const SWEEP_SCHEMA_VERSION = 2;

const Seconds = Type.Number({ minimum: 0, maximum: Number.MAX_VALUE });
const Finite = Type.Number({ minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE });
const Loads = Type.Union([Type.Array(Seconds), Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?(\\s+\\d+(\\.\\d+)?)*\\s*$' })]);
/** A path inside the sweep directory, never one that leaves it. */
const RelativeFile = Type.String({ minLength: 1, pattern: '^(?!/)(?!.*(^|[\\\\/])\\.\\.([\\\\/]|$)).*$' });

/** The strategy's own clock (the client's elapsedSeconds) over the measured invocations of a point. */
const InProcessSchema = Type.Object({
  /** One per measured invocation that left an outcome with every request verified, in order. */
  times: Type.Array(Seconds, { minItems: 1 }),
  medianSeconds: Seconds,
  meanSeconds: Seconds,
  /** Requests / median in-process time; null for the no-op reference. */
  requestsPerSecond: Type.Union([Seconds, Type.Null()]),
  /** CPU measured in the --work-ms work per response, median over the invocations (ms); null without work. */
  workCpuMsPerResponse: Type.Optional(Type.Union([Seconds, Type.Null()])),
});

const PointSchema = Type.Object({
  value: Finite,
  /** The strategy's label: a registry name, or one with its own C ("threads-reuse c=2"). */
  strategy: Type.String({ minLength: 1 }),
  chunk: Type.Optional(Type.Integer({ minimum: 1 })),
  cores: Type.Optional(Type.Integer({ minimum: 1 })),
  /** hyperfine statistics of the measured runs (whole process); null in a failed point. */
  meanSeconds: Type.Union([Seconds, Type.Null()]),
  stddevSeconds: Type.Union([Seconds, Type.Null()]),
  medianSeconds: Type.Union([Seconds, Type.Null()]),
  minSeconds: Type.Union([Seconds, Type.Null()]),
  maxSeconds: Type.Union([Seconds, Type.Null()]),
  runs: Type.Integer({ minimum: 0 }),
  /** hyperfine's per-run times (whole process). Absent (or null) where an older sweep did not keep them. */
  times: Type.Optional(Type.Union([Type.Array(Seconds, { minItems: 1 }), Type.Null()])),
  requestsPerSecond: Type.Optional(Type.Union([Seconds, Type.Null()])),
  /** The export holding its runs, relative to the sweep directory. */
  export: RelativeFile,
  outcomes: Type.Optional(RelativeFile),
  inProcess: Type.Optional(Type.Union([InProcessSchema, Type.Null()])),
  /** Set when the point failed: no timing then. */
  error: Type.Optional(Type.String({ minLength: 1 })),
});

export const SweepSchema = Type.Object({
  kind: Type.Literal('ntab-sweep'),
  /** 2: interleaved rounds (the measuring engine). Sweeps written before it say `version: 1` instead. */
  schemaVersion: Type.Optional(Type.Literal(SWEEP_SCHEMA_VERSION)),
  version: Type.Optional(Type.Literal(1)),
  preset: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  parameter: Type.String(),
  values: Type.Array(Finite, { minItems: 1 }),
  /** Display names of the values where they are not numbers (runtime: value = position, label = its name). */
  labels: Type.Optional(Type.Record(Type.String(), Type.String({ minLength: 1 }))),
  strategies: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  fixed: Type.Object({
    requests: Type.Integer({ minimum: 1 }),
    chunk: Type.Integer({ minimum: 1 }),
    delay: Type.String({ minLength: 1 }),
    rtt: Seconds,
    runs: Type.Integer({ minimum: 1 }),
    warmup: Type.Integer({ minimum: 0 }),
    warm: Type.Optional(Type.Boolean()),
  }),
  target: Type.String({ minLength: 1 }),
  environment: Type.Object({
    node: Type.Optional(Type.String()),
    os: Type.Optional(Type.String()),
    cpuModel: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    cpuCount: Type.Optional(Type.Integer({ minimum: 1 })),
    loadAverage: Type.Optional(Loads),
    loadAverageAtEnd: Type.Optional(Loads),
    conditions: Type.Optional(Type.Object({ network: Type.Optional(Type.String()), loadAverageAtStart: Type.Optional(Loads) })),
  }),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  loadAverageAtEnd: Type.Optional(Loads),
  planned: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Derived from the points (recomputed whenever they are read): what the sweep printed. */
  crossover: Type.Optional(Type.Object({ figure: Type.String(), sentence: Type.String() })),
  workUnitsPerMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: Number.MAX_VALUE })),
  /** The A/A control's pairs: a label and its second copy. */
  aa: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.String()]))),
  /** The run's files beside sweep.json (runs.json, runs.meta.json, ...): schemaVersion 2. */
  runs: Type.Optional(RelativeFile),
  points: Type.Array(PointSchema, { minItems: 1 }),
});

type RawSweep = Static<typeof SweepSchema>;
type RawPoint = Static<typeof PointSchema>;

/** A point's timing: null in a failed one as stored, NaN as read. */
const TIMINGS = ['meanSeconds', 'stddevSeconds', 'medianSeconds', 'minSeconds', 'maxSeconds'] as const;
type Timing = (typeof TIMINGS)[number];

export type SweepPoint = Omit<RawPoint, Timing> & Record<Timing, number>;

export type SweepResult = Omit<RawSweep, 'parameter' | 'points' | 'environment'> & {
  parameter: SweepParameter;
  environment: Record<string, unknown>;
  points: SweepPoint[];
};

/** The sweep.json a value really is; a DataError names `file` and the first wrong field. */
export function checkSweepResult(value: unknown, file = 'sweep.json'): SweepResult {
  const raw = checked(SweepSchema, value, file);
  const wrong = (path: string, problem: string): never => {
    throw new DataError(file, `${path} ${problem}`);
  };
  const parameter = parameterNamed(raw.parameter) ?? wrong('parameter', `must be one of ${Object.keys(PARAMETERS).join(', ')}, got "${raw.parameter}"`);
  const { min } = PARAMETERS[parameter];
  raw.values.forEach((v, i) => {
    if (v < min) wrong(`values[${i}]`, `must be >= ${min}, got ${v}`);
    if (raw.values.indexOf(v) < i) wrong(`values[${i}]`, `must be listed once, got ${v} twice`);
  });
  if (parameter === 'runtime') raw.values.forEach((v) => raw.labels?.[String(v)] ?? wrong(`labels.${v}`, `must name the runtime of value ${v}`));
  raw.strategies.forEach((s, i) => {
    if (!parseLabel(s)) wrong(`strategies[${i}]`, `must be a strategy (see benchmark list), optionally with its C ("threads-reuse c=2"), got "${s}"`);
    if (raw.strategies.indexOf(s) < i) wrong(`strategies[${i}]`, `must be listed once, got "${s}" twice`);
  });
  try {
    parseDelay(raw.fixed.delay);
  } catch (error) {
    if (!(error instanceof DelaySyntaxError)) throw error;
    wrong('fixed.delay', `must be a server delay such as "0" or "uniform:0,40", got "${raw.fixed.delay}"`);
  }
  const points = raw.points.map((p, i): SweepPoint => {
    if (!raw.values.includes(p.value)) wrong(`points[${i}].value`, `must be one of values (${raw.values.join(', ')}), got ${p.value}`);
    if (!raw.strategies.includes(p.strategy)) wrong(`points[${i}].strategy`, `must be one of strategies (${raw.strategies.join(', ')}), got "${p.strategy}"`);
    const first = raw.points.findIndex((q) => q.value === p.value && q.strategy === p.strategy);
    if (first < i) wrong(`points[${i}]`, `must be the only point of ${p.strategy} at ${p.value} (points[${first}] is the first)`);
    const timing = (key: Timing): [Timing, number] => {
      if (p[key] === null && p.error === undefined) wrong(`points[${i}].${key}`, 'must be a number in a measured point, got null');
      return [key, p[key] ?? Number.NaN];
    };
    if (p.error === undefined && p.runs < 1) wrong(`points[${i}].runs`, `must be >= 1 in a measured point, got ${p.runs}`);
    return { ...p, ...(Object.fromEntries(TIMINGS.map(timing)) as Record<Timing, number>) };
  });
  return { ...raw, parameter, points };
}

/** How the link was made: netns-run.sh's description when the sweep ran inside it, else loopback with or without the proxy. */
export function linkDescription(result: SweepResult): string {
  const conditions = (result.environment.conditions ?? {}) as { network?: unknown };
  const network = typeof conditions.network === 'string' ? conditions.network : 'unknown';
  if (network.startsWith('netns')) return network;
  return `${network}, rtt ${result.parameter === 'rtt' ? 'swept' : `${result.fixed.rtt} ms`}`;
}
