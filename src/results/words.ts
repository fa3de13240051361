// The phrases every generated region shares, so the README and docs say a thing one way:
// how two timings compare (Welch's t-test decides "faster", "slower" or "within noise"),
// whether the machine was idle, when and how long something ran, what the machine was.
import { ratioOf, type Timed } from '../report/relative-speed.js';
import type { MachineLoad } from '../report/run-record.js';
import { formatRatio } from '../report/units.js';
import { differs, formatP, type WelchResult } from '../common/significance.js';

export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "p = 0.003, 5 + 5 runs": a test and what it rests on, for tables and brackets. */
function testFigures(welch: WelchResult): string {
  return `${formatP(welch.p)}, ${welch.n[0]} + ${welch.n[1]} runs`;
}

/**
 * How A's time compares with B's, decided by Welch's t-test on their per-run times:
 * "3.10 ± 0.20 times as long (p = 1.2e-4, 3 + 3 runs)", "2.00 ± 0.10 times faster (...)",
 * "within noise of it (p = 0.41, ...)", or the ratio with "not tested" when a side has no per-run times.
 */
export function comparison(a: Timed, b: Timed, welch: WelchResult | null): string {
  const slower = a.mean >= b.mean;
  const { ratio, stddev } = slower ? ratioOf(a, b) : ratioOf(b, a);
  const figure = `${formatRatio(ratio, stddev)} times ${slower ? 'as long' : 'faster'}`;
  if (welch === null) return `${figure} (not tested: no per-run times)`;
  if (!differs(welch)) return `within noise of it (${testFigures(welch)})`;
  return `${figure} (${testFigures(welch)})`;
}

/** A time in seconds as the tables show it (three decimals). */
export function seconds(value: number): string {
  return `${value.toFixed(3)} s`;
}

/** "2026-11-27 18:35 UTC" */
function utcMinute(iso: string): string {
  const date = new Date(iso);
  return Number.isFinite(date.getTime()) ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

/** "45 s", "6 min 12 s", "1 h 4 min". */
export function duration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** From two ISO times: "2026-11-27 18:35 UTC, 6 min 12 s"; null when either is missing or unreadable. */
export function when(start: unknown, end: unknown): string | null {
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  const [from, to] = [Date.parse(start), Date.parse(end)];
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return null;
  return `${utcMinute(start)}, ${duration(to - from)}`;
}

/**
 * Was the machine otherwise idle? "an otherwise idle machine (load 0.4 at start, 0.6 at end,
 * 2 cores)", "a busy machine (load 38.2 at start, 34.1 at end, 2 cores)", or "a machine whose load was not recorded".
 */
export function loadWords(load: MachineLoad): string {
  const figures = [load.atStart === null ? null : `${load.atStart.toFixed(1)} at start`, load.atEnd === null ? null : `${load.atEnd.toFixed(1)} at end`].filter(
    (part) => part !== null,
  );
  if (figures.length === 0) return 'a machine whose load was not recorded';
  const cores = load.cpuCount === null ? '' : `, ${load.cpuCount} ${load.cpuCount === 1 ? 'core' : 'cores'}`;
  // With CPU accounting the verdict rests on what other processes used, not on the load at the end (the run's own threads raise it).
  if (load.otherCores !== null) {
    const what = load.busy ? 'a busy machine' : 'an otherwise idle machine';
    return `${what} (other processes used ${load.otherCores.toFixed(2)} cores on average while it ran; load ${figures.join(', ')}${cores})`;
  }
  const what = load.busy ? 'a busy machine' : load.cpuCount === null ? 'a machine of unknown size' : figures.length === 2 ? 'an otherwise idle machine' : 'a machine idle when last checked';
  return `${what} (load ${figures.join(', ')}${cores})`;
}

/** A sentence-initial capital. */
export function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
