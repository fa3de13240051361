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

/** The fields outcomes gained with latency from the start, measured work and the warm pool's teardown. */
type LaterFields = 'latencyFromStartP50Ms' | 'latencyFromStartP90Ms' | 'latencyFromStartP99Ms' | 'latencyFromStartMaxMs' | 'threadStartupSeconds' | 'workCpuMsPerResponse' | 'workThread' | 'teardownSeconds' | 'warmRequests';

/**
 * One strategy's medians over its measured invocations; null where no outcome had the field. The later
 * fields may be left out of a summary made by hand (as undefined: read them with `?? null`).
 */
export type OutcomeSummary = Omit<ReturnType<typeof summarize>, LaterFields> & Partial<Pick<ReturnType<typeof summarize>, LaterFields>>;

export interface RunOutcomes {
  file: string;
  /** missing: no such file (older runs, other writers); unreadable: it could not be read. */
  status: 'found' | 'missing' | 'unreadable';
  /**
   * By the command's name as the line gives it (hyperfine's --command-name: `async-for`, `work=1 ms async-for`),
   * and by strategyName of it where that is unique in the file (older writers' spellings).
   */
  summaries: Map<string, OutcomeSummary>;
  /** The first invocation's start and the last one's end (warmups included), ISO times; absent when no outcome has them. */
  span?: { start: string; end: string };
}

/** A non-negative finite number, else null (a missing field, or nonsense). */
function amount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function summarize(outcomes: JsonObject[], measured: number) {
  /** The median (or `combine`) of the outcomes that have the figure; null when none has. */
  const field = (read: (o: JsonObject) => number | null, combine = (known: number[]) => median(sorted(known))) => {
    const known = outcomes.map(read).filter((v): v is number => v !== null);
    return known.length === 0 ? null : combine(known);
  };
  const of = (key: string) => field((o) => amount(o[key]));
  const latency = (key: string, of = 'latencyMs') => field((o) => (isJsonObject(o[of]) ? amount((o[of] as JsonObject)[key]) : null));
  // Where the work ran: the one place every outcome names, else "both" when they disagree.
  const places = new Set(outcomes.map((o) => o.workThread).filter((w): w is string => typeof w === 'string' && ['main', 'worker', 'both'].includes(w)));
  const workThread = places.size === 0 ? null : places.size === 1 ? ([...places][0] as 'main' | 'worker' | 'both') : ('both' as const);
  const startupShare = field((o) => {
    const [startup, elapsed] = [amount(o.threadStartupSeconds), amount(o.elapsedSeconds)];
    return startup === null || elapsed === null || elapsed === 0 ? null : startup / elapsed;
  });
  return {
    /** Measured (non-warmup) invocations in the file, with or without an outcome. */
    measured,
    /** Of those, how many left an outcome: what the medians rest on. */
    withOutcome: outcomes.length,
    /** In-process time of the strategy (the client's own clock), seconds. */
    elapsedSeconds: of('elapsedSeconds'),
    /** From the strategy's hand-over of a request to its verified answer: each strategy's admission, not comparable across strategies. */
    latencyP50Ms: latency('p50'),
    latencyP99Ms: latency('p99'),
    /** From the start of the strategy's clock to a request's verified answer: what compares across strategies. */
    latencyFromStartP50Ms: latency('p50', 'latencyFromStartMs'),
    latencyFromStartP90Ms: latency('p90', 'latencyFromStartMs'),
    latencyFromStartP99Ms: latency('p99', 'latencyFromStartMs'),
    latencyFromStartMaxMs: latency('max', 'latencyFromStartMs'),
    peakRssBytes: of('peakRssBytes'),
    threads: of('threads'),
    pools: of('pools'),
    connectionsOpened: of('connectionsOpened'),
    /** Most requests handed over and not yet answered at once. */
    maxConcurrency: of('maxConcurrency'),
    /** From each pool's creation until it was fully ready, summed over pools: an upper bound on start-up's cost, seconds. */
    threadStartupSeconds: of('threadStartupSeconds'),
    /** threadStartupSeconds / elapsedSeconds: an upper bound on the share of the strategy's time spent starting threads. */
    startupShare,
    /** CPU the --work-ms work took per response, measured on the thread that did it (ms); null without work. */
    workCpuMsPerResponse: of('workCpuMsPerResponse'),
    /** Where that work ran. */
    workThread,
    /** The final teardown after the clock (pools destroyed, connections closed), seconds. */
    teardownSeconds: of('teardownSeconds'),
    /** Warm-up requests sent before the clock (--warm). */
    warmRequests: of('warmRequests'),
    /** Failed requests summed over the measured invocations. */
    failedRequests: field((o) => amount(o.failed), (known) => known.reduce((a, b) => a + b, 0)),
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
    if (!warmup) measured.set(strategy.trim(), [...(measured.get(strategy.trim()) ?? []), outcome]);
  });
  const summaries = new Map([...measured].map(([name, lines]) => [name, summarize(lines.filter((o) => o !== null), lines.length)]));
  // Also by the name the report gives the strategy, unless two commands would share it.
  const byName = [...summaries.keys()].map((raw) => [raw, strategyName(raw)] as const);
  for (const [raw, name] of byName) if (!summaries.has(name) && byName.filter(([, other]) => other === name).length === 1) summaries.set(name, summaries.get(raw)!);
  return { file, status: 'found', summaries, ...(start && end ? { span: { start, end } } : {}) };
}
