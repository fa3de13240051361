// <name>.outcomes.jsonl: every timed invocation of a run, one line each, in the order they ran:
//   {"strategy": "async-for", "invocation": 3, "of": 10, "warmup": false, "round": 3, "outcome": {...} | null}
// `outcome` is the client's --json object, null when it left none (the original's client, a crash, a kill).
import Type, { type Static } from 'typebox';

const Seconds = Type.Number({ minimum: 0, maximum: Number.MAX_VALUE });
const Count = Type.Integer({ minimum: 0 });
const Latency = Type.Object({ p50: Seconds, p90: Type.Optional(Seconds), p99: Seconds, max: Seconds });

/** The fields of the client's --json outcome that reports read (older outcomes lack the later ones; docs/cli.md has them all). */
export const OutcomeSchema = Type.Object({
  schemaVersion: Type.Optional(Count),
  test: Type.String(),
  requests: Count,
  succeeded: Count,
  failed: Count,
  elapsedSeconds: Seconds,
  startTime: Type.Optional(Type.String()),
  endTime: Type.Optional(Type.String()),
  threadStartupSeconds: Type.Optional(Seconds),
  teardownSeconds: Type.Optional(Seconds),
  warm: Type.Optional(Type.Boolean()),
  workMs: Type.Optional(Seconds),
  workCpuMsPerResponse: Type.Optional(Type.Union([Seconds, Type.Null()])),
  threads: Type.Optional(Count),
  pools: Type.Optional(Count),
  maxConcurrency: Type.Optional(Count),
  connectionsOpened: Type.Optional(Count),
  latencyMs: Type.Optional(Latency),
  latencyFromStartMs: Type.Optional(Latency),
  peakRssBytes: Type.Optional(Count),
});

export const OutcomeLineSchema = Type.Object({
  strategy: Type.String({ minLength: 1 }),
  invocation: Type.Integer({ minimum: 1 }),
  of: Type.Integer({ minimum: 1 }),
  warmup: Type.Boolean(),
  round: Type.Optional(Type.Integer({ minimum: 1 })),
  outcome: Type.Union([Type.Null(), OutcomeSchema]),
});

export type OutcomeLine = Static<typeof OutcomeLineSchema>;

/** The file's text: one JSON object a line. */
export function outcomesJsonl(lines: readonly unknown[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
