// What a sweep can vary: one entry per parameter, the one place its flag, title, unit, symbol,
// bounds, help and effect on a point are written (a new parameter: a new entry, and a client flag
// when it sets something new on the client).

/** What one point runs with: the fixed settings, one replaced by the swept value. */
export interface PointSettings {
  requests: number;
  chunk: number;
  /** benchmark-server --delay. */
  delay: string;
  /** Link RTT through the latency proxy, ms; 0: none. */
  rtt: number;
  /** The client's --work-ms. */
  workMs: number;
  /** Index into the sweep's runtimes (the runtime parameter's values are its binaries). */
  runtime: number;
}

export interface SweepParameterEntry {
  /** The chart's axis title, with its unit and scale. */
  title: string;
  /** What tables and sentences call it: "C", "N", "delay". */
  symbol: string;
  /** Values are milliseconds (shown "5 ms"). */
  milliseconds: boolean;
  /** log: powers of two (counts); symlog: from 0 (times); band: names, one band each (runtimes). */
  scale: 'log' | 'symlog' | 'band';
  /** Smallest value, and whether values are integers. */
  min: number;
  integer: boolean;
  help: string;
  /** The chart's title: "Time for 1000 requests vs ...". */
  describe(fixed: { requests: number; chunk: number }): string;
  apply(value: number, point: PointSettings): PointSettings;
}

const COUNT = { milliseconds: false, scale: 'log', min: 1, integer: true } as const;
const MILLISECONDS = { milliseconds: true, scale: 'symlog', min: 0, integer: false } as const;

export const PARAMETERS = {
  chunk: {
    ...COUNT, title: 'Concurrency C: threads, connections or requests per chunk (log scale)', symbol: 'C',
    help: 'chunk / concurrency C (-c): threads in the pool, requests per chunk or window, connections of the controls',
    describe: ({ requests }) => `Time for ${requests} requests vs concurrency C`,
    apply: (value, point) => ({ ...point, chunk: value }),
  },
  requests: {
    ...COUNT, title: 'Requests per run (log scale)', symbol: 'N',
    help: 'requests per run (-q)',
    describe: ({ chunk }) => `Time vs number of requests, C = ${chunk}`,
    apply: (value, point) => ({ ...point, requests: value }),
  },
  delay: {
    ...MILLISECONDS, title: 'Server delay per request, ms (symlog scale)', symbol: 'delay',
    help: 'server upstream delay in ms (benchmark-server --delay, one server per value)',
    describe: ({ requests, chunk }) => `Time for ${requests} requests vs server delay, C = ${chunk}`,
    apply: (value, point) => ({ ...point, delay: String(value) }),
  },
  rtt: {
    ...MILLISECONDS, title: 'Link round-trip time, ms (symlog scale)', symbol: 'RTT',
    help: 'link round-trip time in ms (the latency proxy on loopback, one proxy per value)',
    describe: ({ requests, chunk }) => `Time for ${requests} requests vs link round-trip time, C = ${chunk}`,
    apply: (value, point) => ({ ...point, rtt: value }),
  },
  runtime: {
    title: 'Runtime of the client', symbol: 'runtime', milliseconds: false, scale: 'band', min: 1, integer: true,
    help: 'the runtime binary of the client (--values /path/to/node22,/path/to/bun); the server keeps --server-runtime',
    describe: ({ requests, chunk }) => `Time for ${requests} requests per client runtime, C = ${chunk}`,
    apply: (value, point) => ({ ...point, runtime: value - 1 }),
  },
  work: {
    ...MILLISECONDS, title: 'Nominal CPU work after each response, ms (symlog scale)', symbol: 'work',
    help: "nominal CPU work after each response in ms (the client's --work-ms); every point runs with --warm",
    describe: ({ requests }) => `Time for ${requests} requests vs CPU work per response, warm pools`,
    apply: (value, point) => ({ ...point, workMs: value }),
  },
} as const satisfies Record<string, SweepParameterEntry>;

export type SweepParameter = keyof typeof PARAMETERS;

/** Old spellings of --param: the runtime parameter was called node when only Node ran the client. */
export const PARAMETER_ALIASES: Record<string, SweepParameter> = { node: 'runtime' };

/** The parameter a name (or its old spelling) stands for; undefined for anything else. */
export function parameterNamed(name: string): SweepParameter | undefined {
  if (Object.hasOwn(PARAMETERS, name)) return name as SweepParameter;
  return Object.hasOwn(PARAMETER_ALIASES, name) ? PARAMETER_ALIASES[name] : undefined;
}

/** A value as tables and charts show it: "5 ms", "64", or its label (a runtime's name). */
export function formatValue(parameter: SweepParameter, value: number, labels?: Record<string, string>): string {
  const label = labels?.[String(value)];
  if (label !== undefined) return label;
  return PARAMETERS[parameter].milliseconds ? `${value} ms` : String(value);
}
