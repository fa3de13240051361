// What the report reads from a run's environment record (<name>.meta.json) beyond showing
// it: the machine's load (was it busy?), the settings each strategy was measured with, and
// the strategies that did not fit. Records from older or other writers may lack any of it,
// or have it damaged: every reader returns null or an empty list then, never throws.
import { trimmed, type EnvironmentRecord } from './run-set.js';
import { capitalized, formatBytes, joinAnd } from './units.js';
import { isJsonObject } from '../common/json.js';
import { BUSY_OTHER_CORES } from '../environment/cpu.js';

const finiteNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Load averages as recorded: [1, 5, 15] numbers, or a string "3.4 2.1 1.0" (older sweeps). */
export function loadFigures(value: unknown): number[] | null {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.trim().split(/[\s/,]+/) : null;
  if (!parts || parts.length === 0) return null;
  const numbers = parts.map((part) => (typeof part === 'number' ? part : typeof part === 'string' && part !== '' ? Number(part) : Number.NaN));
  return numbers.every((n) => Number.isFinite(n) && n >= 0) ? numbers : null;
}

export type MachineLoad = ReturnType<typeof machineLoad>;

/**
 * The 1-minute load at start and end, the cores, the cores' worth of CPU other processes used while the run
 * measured (each null when not recorded). With that accounting, busy when others used more than
 * BUSY_OTHER_CORES: it covers the whole run, while a 1-minute load lags (at the start it still counts work
 * that has ended, such as the previous run's threads; at the end, this run's own). Without it (older
 * records), busy when the load at start or at end exceeds the cores.
 */
export function machineLoad(atStart: unknown, atEnd: unknown, cpuCount: unknown, otherCpu?: unknown) {
  const start = loadFigures(atStart)?.[0] ?? null;
  const end = loadFigures(atEnd)?.[0] ?? null;
  const cores = finiteNumber(cpuCount);
  const otherCores = isJsonObject(otherCpu) ? finiteNumber(otherCpu.otherCores) : null;
  const above = (load: number | null) => cores !== null && cores > 0 && load !== null && load > cores;
  const busy = otherCores === null ? above(start) || above(end) : otherCores > BUSY_OTHER_CORES;
  return { atStart: start, atEnd: end, cpuCount: cores, otherCores, busy };
}

/** A field of the record's parameters (the suite's settings: queries, chunk, server, strategies ...). */
export function parameter(record: EnvironmentRecord | null, key: string): unknown {
  const parameters = record?.parameters;
  return typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>)[key] : undefined;
}

/** The load of a suite run, from its record. */
export function runLoad(record: EnvironmentRecord | null): MachineLoad {
  return machineLoad(record?.loadAverage, record?.loadAverageAtEnd, record?.cpuCount, record?.otherCpu);
}

/** "load 3.4 at start, 2.9 at end" (null when neither is known) and ", 2 cores": what every load phrase shows. */
function loadParts(load: MachineLoad): { figures: string | null; cores: string } {
  const at = [load.atStart === null ? null : `${load.atStart.toFixed(1)} at start`, load.atEnd === null ? null : `${load.atEnd.toFixed(1)} at end`];
  const known = at.filter((part) => part !== null);
  return { figures: known.length > 0 ? `load ${known.join(', ')}` : null, cores: load.cpuCount === null ? '' : `, ${load.cpuCount} ${load.cpuCount === 1 ? 'core' : 'cores'}` };
}

/** "measured on a busy machine: load 3.4 at start, 2.9 at end, 2 cores" (with other processes' CPU when recorded). */
export function describeBusy(load: MachineLoad): string {
  const { figures, cores } = loadParts(load);
  const other = load.otherCores === null ? null : `other processes used ${load.otherCores.toFixed(2)} cores meanwhile`;
  return `measured on a busy machine: ${[figures, other].filter((part) => part !== null).join(', ')}${cores}`;
}

/** The same as a sentence of its own: "Measured on a busy machine: ...". */
export function busySentence(load: MachineLoad): string {
  return capitalized(describeBusy(load));
}

/**
 * Was the machine otherwise idle? "an otherwise idle machine (load 0.4 at start, 0.6 at end,
 * 2 cores)", "a busy machine (...)", or "a machine whose load was not recorded".
 */
export function loadWords(load: MachineLoad): string {
  const { figures, cores } = loadParts(load);
  if (figures === null) return 'a machine whose load was not recorded';
  // With CPU accounting, what others used is the verdict; the 1-minute loads lag (work that ended before, the run's own threads) and stay in the report.
  if (load.otherCores !== null) return `${load.busy ? 'a busy machine' : 'an otherwise idle machine'} (other processes used ${load.otherCores.toFixed(2)} cores on average while it ran${cores})`;
  const what = load.busy ? 'a busy machine' : load.cpuCount === null ? 'a machine of unknown size' : load.atStart !== null && load.atEnd !== null ? 'an otherwise idle machine' : 'a machine idle when last checked';
  return `${what} (${figures}${cores})`;
}

export type StrategySettings = ReturnType<typeof strategySettings>[number];

/** `settings` of the record, in its order: the hyperfine settings each strategy was measured with, and why (the suite's time budget, --exact ...). */
export function strategySettings(record: EnvironmentRecord | null) {
  if (!isJsonObject(record?.settings)) return [];
  return Object.entries(record.settings).map(([strategy, value]) => {
    const entry = isJsonObject(value) ? value : {};
    return { strategy, warmup: finiteNumber(entry.warmup), runs: finiteNumber(entry.runs), reason: trimmed(entry.reason) };
  });
}

/** The thread budget's figures a not-measured verdict may carry (cap: BENCHMARK_MAX_THREADS, when set). */
const BUDGET = ['threads', 'needMiB', 'needMaps', 'availableMiB', 'maxMapCount', 'cap', 'needFiles', 'maxOpenFiles'] as const;

/** A strategy left out before anything started because this machine cannot hold its threads (the thread budget's verdict). */
export type NotMeasured = { strategy: string } & Record<(typeof BUDGET)[number], number | null> & { problems: string[]; advice: string | null };

/** `notMeasured` of the record; null when the record has none (older records: see parameters.skipped). */
export function notMeasured(record: EnvironmentRecord | null): NotMeasured[] | null {
  const list = record?.notMeasured;
  if (!Array.isArray(list)) return null;
  return list.filter(isJsonObject).flatMap((entry) => {
    if (typeof entry.strategy !== 'string' || entry.strategy === '') return [];
    const figures = Object.fromEntries(BUDGET.map((key) => [key, finiteNumber(entry[key])])) as Record<(typeof BUDGET)[number], number | null>;
    const problems = Array.isArray(entry.problems) ? entry.problems.filter((p): p is string => typeof p === 'string') : [];
    return [{ strategy: entry.strategy, ...figures, problems, advice: trimmed(entry.advice) }];
  });
}

const count = (n: number): string => Math.round(n).toLocaleString('en');
const gib = (mib: number): string => formatBytes(mib * 2 ** 20);

/**
 * "needs about 11.7 GiB and 70,000 memory mappings for 1,000 worker threads at once; this
 * machine has 8.0 GiB available and vm.max_map_count 65,530. Way out: ...", else the verdict's own sentences.
 */
export function notMeasuredDetails(entry: NotMeasured): string {
  const files = entry.needFiles !== null && entry.maxOpenFiles !== null && entry.needFiles > entry.maxOpenFiles;
  const needs = [entry.needMiB === null ? null : gib(entry.needMiB), entry.needMaps === null ? null : `${count(entry.needMaps)} memory mappings`, files ? `${count(entry.needFiles!)} open files` : null].filter(
    (part) => part !== null,
  );
  const has = [
    entry.availableMiB === null ? null : `${gib(entry.availableMiB)} available`,
    entry.maxMapCount === null ? null : `vm.max_map_count ${count(entry.maxMapCount)}`,
    files ? `an open-file limit of ${count(entry.maxOpenFiles!)}` : null,
    entry.cap !== null && (entry.threads === null || entry.threads > entry.cap) ? `a cap of ${count(entry.cap)} threads (BENCHMARK_MAX_THREADS)` : null,
  ].filter((part) => part !== null);
  const threads = entry.threads === null ? '' : ` for ${count(entry.threads)} worker threads at once`;
  const sentences = needs.length > 0 ? [`needs about ${joinAnd(needs)}${threads}${has.length > 0 ? `; this machine has ${joinAnd(has)}` : ''}.`] : [...entry.problems];
  if (entry.advice) sentences.push(`Way out: ${entry.advice}`);
  return sentences.join(' ').trim() || 'this machine cannot hold its threads.';
}

/** The short form a chart has room for: "did not fit: needs ~11.7 GiB, 70,000 mappings". */
export function describeNotMeasuredShort(entry: NotMeasured): string {
  const needs = [entry.needMiB === null ? null : `~${gib(entry.needMiB)}`, entry.needMaps === null ? null : `${count(entry.needMaps)} mappings`].filter((part) => part !== null);
  return needs.length > 0 ? `did not fit: needs ${needs.join(', ')}` : 'did not fit on this machine';
}
