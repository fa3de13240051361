// What a sweep runs at each value: a registry strategy, optionally at its own C. One strategy
// at two pool sizes needs two names, "threads-reuse c=2" and "threads-reuse c=100": the
// label names the point everywhere (sweep.json, the table, the chart's legend, the runs/
// files), and the registry entry behind it (src/report/crossover.ts: strategyOfLabel) gives
// its kind, side and colour.
import { UsageError } from '../common/cli-errors.js';
import { findStrategy, STRATEGIES } from '../strategies/registry.js';

export interface StrategyVariant {
  /** "async-for", "threads-reuse c=2". */
  label: string;
  /** The registry name the client runs. */
  strategy: string;
  /** Its own C (-c), or null: the sweep's C (the swept value when sweeping chunk). */
  chunk: number | null;
}

const VARIANT = /^(\S+?)(?:\s+c\s*=\s*(\S+))?$/i;

/** "threads-reuse c=2" (or "threads_reuse C=2") as a variant; a UsageError names what is wrong. */
export function parseVariant(text: string): StrategyVariant {
  const match = VARIANT.exec(text.trim());
  const entry = match ? findStrategy(match[1] as string) : undefined;
  if (!match || !entry) {
    throw new UsageError(`unknown strategy '${text.trim()}'. Valid: ${STRATEGIES.map((s) => s.name).join(', ')}, each optionally with its own C ("threads-reuse c=2").`);
  }
  if (match[2] === undefined) return { label: entry.name, strategy: entry.name, chunk: null };
  const chunk = /^\d+$/.test(match[2]) ? Number(match[2]) : Number.NaN;
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new UsageError(`'${text.trim()}': c= must be a positive integer, got '${match[2]}'.`);
  return { label: `${entry.name} c=${chunk}`, strategy: entry.name, chunk };
}

/** A label as part of a file name: "threads-reuse c=2" -> "threads-reuse-c2". */
export function fileSlug(label: string): string {
  return label
    .replaceAll('=', '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
