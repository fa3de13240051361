// The phrases the generated regions share, so the README and docs say a thing one way: when
// and how long something ran, on how many cores. The machine's load: loadWords (report/run-record.ts).
import type { SweepResult } from '../sweep/result.js';
import { cores, coresWords } from '../sweep/summary.js';

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

/** "2 cores", or "an unrecorded number of cores". */
export function coresOf(sweep: SweepResult): string {
  return cores(sweep).length > 0 ? coresWords(sweep) : 'an unrecorded number of cores';
}
