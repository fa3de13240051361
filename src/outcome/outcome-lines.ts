// <name>.outcomes.jsonl: what every timed invocation of a run did, one line each, in the
// order hyperfine ran them (warmups first). The suite and the sweep write it with these
// functions; the report reads it (src/report/outcomes.ts):
//   {"strategy": "async-for", "invocation": 3, "of": 10, "warmup": false, "outcome": {...} | null}
// `outcome` is the client's --json object, null when the invocation left none (a crash, a kill).
import type { JsonObject } from '../common/json.js';

export interface OutcomeLine {
  strategy: string;
  /** 1-based, in the order hyperfine ran them. */
  invocation: number;
  /** Invocations the strategy was given, warmups included. */
  of: number;
  warmup: boolean;
  outcome: JsonObject | null;
}

/** One strategy's outcomes, in the order they ran, as lines: numbered from 1, the first `warmup` marked. */
export function outcomeLines(strategy: string, outcomes: readonly (JsonObject | null)[], counts: { warmup: number; of: number }): OutcomeLine[] {
  return outcomes.map((outcome, i) => ({ strategy, invocation: i + 1, of: counts.of, warmup: i < counts.warmup, outcome }));
}

/** The file's text: one JSON object a line. */
export function outcomesJsonl(lines: readonly OutcomeLine[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
