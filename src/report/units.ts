// How figures read in every table and sentence. One time unit per table, as hyperfine's Markdown export (from
// the first command, here usually the slow threads-recreate): seconds once any value reaches a second, so 0.312
// and 36.438 read alike; ratios with two decimals, as hyperfine.
import type { RelativeSpeed } from './relative-speed.js';

export interface TimeUnit {
  name: 'ms' | 's';
  /** Multiply seconds by this. */
  factor: number;
}

const MILLISECONDS: TimeUnit = { name: 'ms', factor: 1000 };
const SECONDS: TimeUnit = { name: 's', factor: 1 };

export function unitFor(secondsValues: readonly number[]): TimeUnit {
  return Math.max(...secondsValues) < 1 ? MILLISECONDS : SECONDS;
}

export function formatTime(seconds: number | null, unit: TimeUnit): string {
  return seconds === null ? '–' : (seconds * unit.factor).toFixed(unit.name === 'ms' ? 1 : 3);
}

export function formatTimeWithUnit(seconds: number, unit: TimeUnit): string {
  return `${formatTime(seconds, unit)} ${unit.name}`;
}

/** "2.41 ± 0.12" (two decimals, as hyperfine), or "2.41" without an error; "n/a" when not finite. */
export function formatRatio(ratio: number, stddev: number | null): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  // Two decimals, or two significant digits below 0.1: "0.03 ± 0.00" would hide the error.
  const decimals = ratio > 0 && ratio < 0.1 ? Math.min(6, 1 - Math.floor(Math.log10(ratio))) : 2;
  return stddev !== null && Number.isFinite(stddev) ? `${ratio.toFixed(decimals)} ± ${stddev.toFixed(decimals)}` : ratio.toFixed(decimals);
}

/** "1.00" for the reference, "2.41 ± 0.12" otherwise (hyperfine's Relative column). */
export function formatRelative(relative: RelativeSpeed): string {
  return formatRatio(relative.ratio, relative.isReference ? null : relative.stddev);
}

/** Milliseconds with the precision their size deserves: 0.84, 12.3, 1,234. */
export function formatMilliseconds(ms: number | null): string {
  if (ms === null) return '–';
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return ms.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A median of counts: whole when it is one (two middle values can average to x.5). */
export function formatCount(value: number | null): string {
  if (value === null) return '–';
  return value.toLocaleString('en', { maximumFractionDigits: 1 });
}

/** A share as a percentage: 0%, <1%, 42%. */
export function formatShare(share: number | null): string {
  if (share === null) return '–';
  if (share > 0 && share < 0.005) return '<1%';
  return `${(share * 100).toFixed(0)}%`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '–';
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A sentence-initial capital. */
export function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
