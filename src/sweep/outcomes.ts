// What each timed invocation of a point did, kept beside its hyperfine export. The client
// appends its outcome (the --json object) to BENCHMARK_OUTCOME_FILE, one line per
// invocation, in the order hyperfine runs them: its warmups first, then its runs. The sweep
// numbers those lines into the suite's format (src/report/outcomes.ts reads it):
//   {"strategy": "threads-reuse c=2", "invocation": 3, "of": 6, "warmup": false, "outcome": {...} | null}
// and takes the in-process times (the strategy's own clock) of the measured ones.
import { readFile } from 'node:fs/promises';
import { median, sorted } from '../report/statistics.js';
import type { InProcessTimes } from './result.js';

type Json = Record<string, unknown>;

export interface InvocationLine {
  strategy: string;
  invocation: number;
  of: number;
  warmup: boolean;
  outcome: Json | null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The outcomes the client appended, one object per complete line (a line cut short by a kill is dropped). */
async function readAppended(file: string): Promise<Json[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return isObject(value) ? [value] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The invocations of one hyperfine run, numbered: warmups first, then the runs. When the
 * run failed, the invocation that failed without leaving an outcome (a crash, a kill) is
 * kept as `outcome: null`, so the file says what happened to every invocation that started.
 */
export async function invocationLines(appendedFile: string, strategy: string, warmup: number, runs: number, failed: boolean): Promise<InvocationLine[]> {
  const outcomes = await readAppended(appendedFile);
  const of = warmup + runs;
  const lines: (Json | null)[] = outcomes.slice(0, of);
  const last = lines[lines.length - 1];
  // A client whose requests failed still writes its outcome (with failed > 0): that one is the failing invocation.
  if (failed && lines.length < of && !(isObject(last) && typeof last.failed === 'number' && last.failed > 0)) lines.push(null);
  return lines.map((outcome, i) => ({ strategy, invocation: i + 1, of, warmup: i < warmup, outcome }));
}

/** The JSON Lines text of an outcomes file. */
export function outcomesText(lines: readonly InvocationLine[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/**
 * In-process times of the measured invocations whose every request was verified; null when
 * there is none. `requests` null: the no-op reference (no rate).
 */
export function inProcessTimes(lines: readonly InvocationLine[], requests: number | null): InProcessTimes | null {
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
