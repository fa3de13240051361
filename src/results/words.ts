// The phrases the generated regions share, so the README and docs say a thing one way: how
// two timings compare (Welch's t-test decides "faster", "slower" or "within noise"), and when
// and how long something ran. The machine's load: loadWords (report/run-record.ts).
import { ratioOf, type Timed } from '../report/relative-speed.js';
import { formatRatio } from '../report/units.js';
import { differs, formatP, type WelchResult } from '../common/significance.js';

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

/** "45 s", "6 min 12 s", "1 h 4 min". */
function duration(milliseconds: number): string {
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
  return `${new Date(from).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${duration(to - from)}`;
}
