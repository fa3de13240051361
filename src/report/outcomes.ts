// What each strategy really did, from the same invocations hyperfine timed: the suite keeps every timed
// invocation's `--json` outcome in <name>.outcomes.jsonl, one line each (src/outcome/outcome-lines.ts), and
// the report takes, per strategy, the median over the measured (non-warmup) ones. Fields missing from older
// outcomes stay null ("–"); a damaged line is a warning, not a failure: the export is what the report stands on.
import { median, sorted } from '../common/statistics.js';
import { strategyName } from './strategy-style.js';
import { describeError } from '../common/cli-errors.js';
import { isJsonObject, parseJsonOrUndefined, problemOf, type JsonObject } from '../common/json.js';
import { OutcomeLineSchema, type OutcomeLine } from '../outcome/outcome-lines.js';
import { readTextIfExists } from '../common/read-text.js';

/** One strategy's medians over its measured invocations; null where no outcome had the field. */
export type OutcomeSummary = ReturnType<typeof summarize>;

export interface RunOutcomes {
  file: string;
  /** missing: no such file (older runs, other writers); unreadable: it could not be read. */
  status: 'found' | 'missing' | 'unreadable';
  /** By strategy name, as the report names strategies (strategyName). */
  summaries: Map<string, OutcomeSummary>;
  /** The first invocation's start and the last one's end (warmups included), ISO times; absent when no outcome has them. */
  span?: { start: string; end: string };
}

/** A non-negative finite number, else null (a missing field, or nonsense). */
function amount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function summarize(outcomes: JsonObject[], measured: number) {
  const field = (read: (o: JsonObject) => number | null) => {
    const known = outcomes.map(read).filter((v): v is number => v !== null);
    return known.length === 0 ? null : median(sorted(known));
  };
  const of = (key: string) => field((o) => amount(o[key]));
  const latency = (key: string) => field((o) => (isJsonObject(o.latencyMs) ? amount(o.latencyMs[key]) : null));
  const startupShare = field((o) => {
    const [startup, elapsed] = [amount(o.threadStartupSeconds), amount(o.elapsedSeconds)];
    return startup === null || elapsed === null || elapsed === 0 ? null : startup / elapsed;
  });
  const failed = outcomes.map((o) => amount(o.failed)).filter((v): v is number => v !== null);
  const failedRequests = failed.length === 0 ? null : failed.reduce((a, b) => a + b, 0);
  return {
    /** Measured (non-warmup) invocations in the file, with or without an outcome. */
    measured,
    /** Of those, how many left an outcome: what the medians rest on. */
    withOutcome: outcomes.length,
    /** In-process time of the strategy (the client's own clock), seconds. */
    elapsedSeconds: of('elapsedSeconds'),
    latencyP50Ms: latency('p50'),
    latencyP99Ms: latency('p99'),
    peakRssBytes: of('peakRssBytes'),
    threads: of('threads'),
    pools: of('pools'),
    connectionsOpened: of('connectionsOpened'),
    /** Most requests handed over and not yet answered at once. */
    maxConcurrency: of('maxConcurrency'),
    /** threadStartupSeconds / elapsedSeconds: the share of the strategy's time spent starting threads. */
    startupShare,
    /** Failed requests summed over the measured invocations. */
    failedRequests,
  };
}

export async function readOutcomes(file: string, warn: (message: string) => void): Promise<RunOutcomes> {
  const text = await readTextIfExists(file).catch((error: unknown) => {
    warn(`${file}: cannot read the outcomes (${describeError(error)})`);
    return undefined;
  });
  if (typeof text !== 'string') return { file, status: text === null ? 'missing' : 'unreadable', summaries: new Map() };
  const measured = new Map<string, (JsonObject | null)[]>();
  let [start, end]: (string | undefined)[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = parseJsonOrUndefined(raw);
    // The span: the earliest startTime and the latest endTime of any outcome, warmups included.
    const outcome = isJsonObject(line) && isJsonObject(line.outcome) ? line.outcome : null;
    const [from, to] = [outcome?.startTime, outcome?.endTime].map((t) => (typeof t === 'string' && Number.isFinite(Date.parse(t)) ? new Date(t).toISOString() : undefined));
    if (from && (!start || from < start)) start = from;
    if (to && (!end || to > end)) end = to;
    // A line that breaks the contract is a warning, and skipped.
    const problem = line === undefined ? 'is not JSON' : problemOf(OutcomeLineSchema, line);
    if (problem !== null) return warn(`${file}: line ${index + 1}: ${problem}; skipped`);
    const { strategy, warmup } = line as OutcomeLine;
    if (!warmup) measured.set(strategyName(strategy), [...(measured.get(strategyName(strategy)) ?? []), outcome]);
  });
  const summaries = new Map([...measured].map(([name, lines]) => [name, summarize(lines.filter((o) => o !== null), lines.length)]));
  return { file, status: 'found', summaries, ...(start && end ? { span: { start, end } } : {}) };
}
