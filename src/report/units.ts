// One time unit per table, as hyperfine's Markdown export (which takes it from the first
// command, here usually the slow threads-recreate): seconds once any value reaches a
// second, so 0.312 and 36.438 read alike; ratios with two decimals, as hyperfine.
import type { RelativeSpeed } from './relative-speed.js';

export interface TimeUnit {
  name: 'ms' | 's';
  /** Multiply seconds by this. */
  factor: number;
}

export const MILLISECONDS: TimeUnit = { name: 'ms', factor: 1000 };
export const SECONDS: TimeUnit = { name: 's', factor: 1 };

export function unitFor(secondsValues: readonly number[]): TimeUnit {
  return Math.max(...secondsValues) < 1 ? MILLISECONDS : SECONDS;
}

export function formatTime(seconds: number | null, unit: TimeUnit): string {
  if (seconds === null) return '–';
  const value = seconds * unit.factor;
  return value.toFixed(unit.name === 'ms' ? 1 : 3);
}

export function formatTimeWithUnit(seconds: number, unit: TimeUnit): string {
  return `${formatTime(seconds, unit)} ${unit.name}`;
}

/** "1.00" for the reference, "2.41 ± 0.12" otherwise (hyperfine's Relative column). */
export function formatRelative(relative: RelativeSpeed): string {
  if (!Number.isFinite(relative.ratio)) return 'n/a';
  const ratio = relative.ratio.toFixed(2);
  return !relative.isReference && relative.stddev !== null ? `${ratio} ± ${relative.stddev.toFixed(2)}` : ratio;
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}
