// What the report reads from a run's environment record (<name>.meta.json) beyond showing
// it: the machine's load (was it busy?), the settings each strategy was measured with, and
// the strategies that did not fit. Records from older or other writers may lack any of it:
// every reader returns null or an empty list then, never throws.
import type { EnvironmentRecord } from './run-set.js';
import { formatBytes } from './units.js';
import { isJsonObject } from '../common/json.js';
import { BUSY_OTHER_CORES } from '../environment/cpu.js';

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Load averages as recorded: [1, 5, 15] numbers, or a string "3.4 2.1 1.0" (older sweeps). */
export function loadFigures(value: unknown): number[] | null {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.trim().split(/[\s/,]+/) : null;
  if (!parts || parts.length === 0) return null;
  const numbers = parts.map((part) => (typeof part === 'number' ? part : typeof part === 'string' && part !== '' ? Number(part) : Number.NaN));
  return numbers.every((n) => Number.isFinite(n) && n >= 0) ? numbers : null;
}

export interface MachineLoad {
  /** 1-minute load average when the run started and when it ended; null when not recorded. */
  atStart: number | null;
  atEnd: number | null;
  cpuCount: number | null;
  /** Cores' worth of CPU other processes used on average while the run measured; null when not recorded. */
  otherCores: number | null;
  /** Other work competed with the benchmark (see machineLoad). */
  busy: boolean;
}

/**
 * Judges a run's machine. Busy when the 1-minute load at start exceeds the core count (the
 * machine was busy before the run began), or when other processes used more than
 * BUSY_OTHER_CORES of CPU on average while it ran. The load at the end is shown but does
 * not decide when the CPU accounting exists: it counts the run's own runnable threads, and
 * a thread strategy raises it far above the core count by itself. Older records without the
 * accounting are judged by either load, as before.
 */
export function machineLoad(atStart: unknown, atEnd: unknown, cpuCount: unknown, otherCpu?: unknown): MachineLoad {
  const start = loadFigures(atStart)?.[0] ?? null;
  const end = loadFigures(atEnd)?.[0] ?? null;
  const cores = finiteNumber(cpuCount);
  const otherCores = isJsonObject(otherCpu) ? finiteNumber(otherCpu.otherCores) : null;
  const above = (load: number | null) => cores !== null && cores > 0 && load !== null && load > cores;
  const busy = otherCores === null ? above(start) || above(end) : above(start) || otherCores > BUSY_OTHER_CORES;
  return { atStart: start, atEnd: end, cpuCount: cores, otherCores, busy };
}

/** The load of a suite run, from its record (loadAverage at start, loadAverageAtEnd, cpuCount, otherCpu). */
export function runLoad(record: EnvironmentRecord | null): MachineLoad {
  return machineLoad(record?.loadAverage, record?.loadAverageAtEnd, record?.cpuCount, record?.otherCpu);
}

/** "measured on a busy machine: load 3.4 at start, 2.9 at end, 2 cores". */
export function describeBusy(load: MachineLoad): string {
  const figures = [
    load.atStart === null ? null : `load ${load.atStart.toFixed(1)} at start`,
    load.atEnd === null ? null : `${load.atStart === null ? 'load ' : ''}${load.atEnd.toFixed(1)} at end`,
  ].filter((part) => part !== null);
  if (load.otherCores !== null) figures.push(`other processes used ${load.otherCores.toFixed(2)} cores meanwhile`);
  const cores = load.cpuCount === null ? '' : `, ${load.cpuCount} ${load.cpuCount === 1 ? 'core' : 'cores'}`;
  return `measured on a busy machine: ${figures.join(', ')}${cores}`;
}

/** The same as a sentence of its own: "Measured on a busy machine: ...". */
export function busySentence(load: MachineLoad): string {
  const text = describeBusy(load);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** hyperfine settings a strategy was measured with, and why (the suite's time budget, --exact ...). */
export interface StrategySettings {
  strategy: string;
  warmup: number | null;
  runs: number | null;
  reason: string | null;
}

/** `settings` of the record: {<strategy>: {warmup, runs, reason}}, in the record's order. */
export function strategySettings(record: EnvironmentRecord | null): StrategySettings[] {
  const settings = record?.settings;
  if (!isJsonObject(settings)) return [];
  return Object.entries(settings).map(([strategy, value]) => {
    const entry = isJsonObject(value) ? value : {};
    return {
      strategy,
      warmup: finiteNumber(entry.warmup),
      runs: finiteNumber(entry.runs),
      reason: typeof entry.reason === 'string' && entry.reason.trim() !== '' ? entry.reason.trim() : null,
    };
  });
}

/** A strategy left out before anything started because this machine cannot hold its threads (the thread budget's verdict). */
export interface NotMeasured {
  strategy: string;
  threads: number | null;
  needMiB: number | null;
  needMaps: number | null;
  availableMiB: number | null;
  maxMapCount: number | null;
  /** BENCHMARK_MAX_THREADS, when set. */
  cap: number | null;
  needFiles: number | null;
  maxOpenFiles: number | null;
  problems: string[];
  advice: string | null;
}

/** `notMeasured` of the record; null when the record has none (older records: see parameters.skipped). */
export function notMeasured(record: EnvironmentRecord | null): NotMeasured[] | null {
  const list = record?.notMeasured;
  if (!Array.isArray(list)) return null;
  return list.filter(isJsonObject).flatMap((entry) => {
    if (typeof entry.strategy !== 'string' || entry.strategy === '') return [];
    const problems = Array.isArray(entry.problems) ? entry.problems.filter((p): p is string => typeof p === 'string') : [];
    return [
      {
        strategy: entry.strategy,
        threads: finiteNumber(entry.threads),
        needMiB: finiteNumber(entry.needMiB),
        needMaps: finiteNumber(entry.needMaps),
        availableMiB: finiteNumber(entry.availableMiB),
        maxMapCount: finiteNumber(entry.maxMapCount),
        cap: finiteNumber(entry.cap),
        needFiles: finiteNumber(entry.needFiles),
        maxOpenFiles: finiteNumber(entry.maxOpenFiles),
        problems,
        advice: typeof entry.advice === 'string' && entry.advice.trim() !== '' ? entry.advice.trim() : null,
      },
    ];
  });
}

const count = (n: number): string => Math.round(n).toLocaleString('en');
const gib = (mib: number): string => formatBytes(mib * 2 ** 20);

/** "did not fit: " and its details (notMeasuredDetails). */
export function describeNotMeasured(entry: NotMeasured): string {
  return `did not fit: ${notMeasuredDetails(entry)}`;
}

/**
 * "needs about 11.7 GiB and 70,000 memory mappings for 1,000 worker threads at once; this
 * machine has 8.0 GiB available and vm.max_map_count 65,530. Way out: ...".
 * Falls back to the verdict's own sentences where the figures are missing.
 */
export function notMeasuredDetails(entry: NotMeasured): string {
  const needs = [
    entry.needMiB === null ? null : `${gib(entry.needMiB)}`,
    entry.needMaps === null ? null : `${count(entry.needMaps)} memory mappings`,
    entry.needFiles !== null && entry.maxOpenFiles !== null && entry.needFiles > entry.maxOpenFiles ? `${count(entry.needFiles)} open files` : null,
  ].filter((part) => part !== null);
  const has = [
    entry.availableMiB === null ? null : `${gib(entry.availableMiB)} available`,
    entry.maxMapCount === null ? null : `vm.max_map_count ${count(entry.maxMapCount)}`,
    entry.needFiles !== null && entry.maxOpenFiles !== null && entry.needFiles > entry.maxOpenFiles ? `an open-file limit of ${count(entry.maxOpenFiles)}` : null,
    entry.cap !== null && (entry.threads === null || entry.threads > entry.cap) ? `a cap of ${count(entry.cap)} threads (BENCHMARK_MAX_THREADS)` : null,
  ].filter((part) => part !== null);
  const threads = entry.threads === null ? '' : ` for ${count(entry.threads)} worker threads at once`;
  const sentences: string[] = [];
  if (needs.length > 0) sentences.push(`needs about ${joinAnd(needs)}${threads}${has.length > 0 ? `; this machine has ${joinAnd(has)}` : ''}.`);
  else sentences.push(...entry.problems);
  if (entry.advice) sentences.push(`Way out: ${entry.advice}`);
  return sentences.join(' ').trim() || 'this machine cannot hold its threads.';
}

/** The short form a chart has room for: "did not fit: needs ~11.7 GiB, 70,000 mappings". */
export function describeNotMeasuredShort(entry: NotMeasured): string {
  const needs = [entry.needMiB === null ? null : `~${gib(entry.needMiB)}`, entry.needMaps === null ? null : `${count(entry.needMaps)} mappings`].filter(
    (part) => part !== null,
  );
  return needs.length > 0 ? `did not fit: needs ${needs.join(', ')}` : 'did not fit on this machine';
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
