// What each timed invocation of a point did, kept beside its hyperfine export. The client
// appends its outcome (the --json object) to BENCHMARK_OUTCOME_FILE, one line per
// invocation, in the order hyperfine runs them: its warmups first, then its runs. The sweep
// numbers those lines into an outcomes file (src/outcome/outcome-lines.ts) and takes the
// in-process times (the strategy's own clock) of the measured ones.
import { isJsonObject, parseJsonOrUndefined, type JsonObject } from '../common/json.js';
import { readTextIfExists } from '../common/read-text.js';
import { outcomeLines, type OutcomeLine } from '../outcome/outcome-lines.js';
import { median, sorted } from '../report/statistics.js';
import type { InProcessTimes } from './result.js';

/** The outcomes the client appended, one object per complete line (a line cut short by a kill is dropped). */
async function readAppended(file: string): Promise<JsonObject[]> {
  const text = (await readTextIfExists(file)) ?? '';
  return text.split('\n').map(parseJsonOrUndefined).filter(isJsonObject);
}

/**
 * The invocations of one hyperfine run, numbered: warmups first, then the runs. When the
 * run failed, the invocation that failed without leaving an outcome (a crash, a kill) is
 * kept as `outcome: null`, so the file says what happened to every invocation that started.
 */
export async function invocationLines(appendedFile: string, strategy: string, warmup: number, runs: number, failed: boolean): Promise<OutcomeLine[]> {
  const outcomes = await readAppended(appendedFile);
  const of = warmup + runs;
  const lines: (JsonObject | null)[] = outcomes.slice(0, of);
  const last = lines[lines.length - 1];
  // A client whose requests failed still writes its outcome (with failed > 0): that one is the failing invocation.
  if (failed && lines.length < of && !(isJsonObject(last) && typeof last.failed === 'number' && last.failed > 0)) lines.push(null);
  return outcomeLines(strategy, lines, { warmup, of });
}

/**
 * In-process times of the measured invocations whose every request was verified; null when
 * there is none. `requests` null: the no-op reference (no rate).
 */
export function inProcessTimes(lines: readonly OutcomeLine[], requests: number | null): InProcessTimes | null {
  const times = lines
    .filter((line) => !line.warmup && line.outcome !== null && line.outcome.failed === 0)
    .map((line) => line.outcome?.elapsedSeconds)
    .filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t >= 0);
  if (times.length === 0) return null;
  const medianSeconds = median(sorted(times));
  return {
    times,
    medianSeconds,
    meanSeconds: times.reduce((sum, t) => sum + t, 0) / times.length,
    requestsPerSecond: requests === null || medianSeconds === 0 ? null : requests / medianSeconds,
  };
}
