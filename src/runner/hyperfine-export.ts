// hyperfine's JSON export, of any version, and the engine's (the same shape). The oldest have only
// command/mean/stddev/user/system/min/max; later ones add times, median, exit_codes and more. Only
// `results[]` with `command` and `mean` is required and unknown fields are ignored, so others' exports
// load; after the schema, the statistics must agree with each other.
import Type, { type Static } from 'typebox';
import { checked, DataError, isJsonObject, readJsonFile } from '../common/json.js';
import { median, sorted } from '../common/statistics.js';

/** A time in seconds: finite and not negative (JSON's 1e400 parses to Infinity). */
const Seconds = Type.Number({ minimum: 0, maximum: Number.MAX_VALUE });
const OptionalSeconds = Type.Optional(Type.Union([Seconds, Type.Null()]));

/** More commands than any report can draw: a chart of thousands of rows overflows the renderer. */
const MAX_COMMANDS = 500;

const ExportedResultSchema = Type.Object({
  command: Type.String({ maxLength: 10_000 }),
  mean: Seconds,
  stddev: OptionalSeconds,
  median: OptionalSeconds,
  user: OptionalSeconds,
  system: OptionalSeconds,
  min: OptionalSeconds,
  max: OptionalSeconds,
  times: Type.Optional(Type.Union([Type.Array(Seconds), Type.Null()])),
  exit_codes: Type.Optional(Type.Union([Type.Array(Type.Union([Type.Integer(), Type.Null()])), Type.Null()])),
});

export const HyperfineExportSchema = Type.Object({
  results: Type.Array(ExportedResultSchema, { minItems: 1, maxItems: MAX_COMMANDS }),
  metadata: Type.Optional(Type.Object({ hyperfine_version: Type.Optional(Type.String()) })),
});

export type ExportedResult = Static<typeof ExportedResultSchema>;

/** One benchmarked command, in seconds. `null` where the export does not say. */
export interface CommandResult {
  command: string;
  mean: number;
  /** Sample standard deviation; null for a single run (hyperfine >= 1.12 writes null then). */
  stddev: number | null;
  median: number | null;
  user: number | null;
  system: number | null;
  min: number | null;
  max: number | null;
  /** Every measured wall-clock time, when the export has them. */
  times: number[] | null;
  /** Exit code per measured run; null entries = killed by a signal; null = not recorded. */
  exitCodes: (number | null)[] | null;
  /** Which statistics were computed here from `times` because the export lacked them. */
  derived: string[];
}

export interface HyperfineExport { file: string; results: CommandResult[]; hyperfineVersion: string | null }

/** Slack for rounding in the statistics' agreement (hyperfine prints full doubles). */
const EPSILON = 1e-9;

/** Why the statistics of one result contradict each other (min above max, a mean outside the range...), or null. */
function inconsistency(r: CommandResult): string | null {
  const { min, max, median: mid, mean, times } = r;
  if (min !== null && max !== null && min > max + EPSILON) return `min ${min} is above max ${max}`;
  if (min !== null && mean < min - EPSILON) return `mean ${mean} is below min ${min}`;
  if (max !== null && mean > max + EPSILON) return `mean ${mean} is above max ${max}`;
  if (mid !== null && ((min !== null && mid < min - EPSILON) || (max !== null && mid > max + EPSILON))) return `median ${mid} is outside min–max`;
  if (times && times.length > 0) {
    const ordered = sorted(times);
    if ((min !== null && Math.abs((ordered[0] as number) - min) > EPSILON) || (max !== null && Math.abs((ordered[ordered.length - 1] as number) - max) > EPSILON)) {
      return 'min and max do not match its times';
    }
  }
  return null;
}

/** The statistics an export may leave out (null in a CommandResult), in CommandResult's order. */
const OPTIONAL_STATISTICS = ['stddev', 'median', 'user', 'system', 'min', 'max'] as const;

function toResult(raw: ExportedResult): CommandResult {
  const result: CommandResult = {
    command: raw.command,
    mean: raw.mean,
    ...(Object.fromEntries(OPTIONAL_STATISTICS.map((key) => [key, raw[key] ?? null])) as Record<(typeof OPTIONAL_STATISTICS)[number], number | null>),
    times: raw.times && raw.times.length > 0 ? raw.times : null,
    exitCodes: raw.exit_codes ?? null,
    derived: [],
  };
  // Older exports lack the median (the oldest min and max too); with the raw times they are exact to compute.
  if (result.times) {
    const ordered = sorted(result.times);
    const fill = (key: 'median' | 'min' | 'max', value: number) => {
      if (result[key] !== null) return;
      result[key] = value;
      result.derived.push(key);
    };
    fill('median', median(ordered));
    fill('min', ordered[0] as number);
    fill('max', ordered[ordered.length - 1] as number);
  }
  return result;
}

/** Validates already-parsed JSON; `file` names it in messages (DataError). */
export function parseHyperfineExport(file: string, data: unknown): HyperfineExport {
  if (!isJsonObject(data) || !('results' in data)) {
    throw new DataError(file, 'not a hyperfine JSON export (expected an object with a "results" array, as written by hyperfine --export-json)');
  }
  // Said plainly, before the schema's "must not have more than 500 items".
  if (Array.isArray(data.results) && data.results.length > MAX_COMMANDS) {
    throw new DataError(file, `${data.results.length.toLocaleString('en')} commands: more than the ${MAX_COMMANDS} one export may hold (a report of thousands cannot be drawn); split the run`);
  }
  const raw = checked(HyperfineExportSchema, data, file);
  const results = raw.results.map(toResult);
  results.forEach((result, index) => {
    const problem = inconsistency(result);
    if (problem) throw new DataError(file, `results[${index}] ("${result.command}") is inconsistent: ${problem}`);
  });
  return { file, results, hyperfineVersion: raw.metadata?.hyperfine_version ?? null };
}

export async function readHyperfineExport(file: string): Promise<HyperfineExport> {
  return parseHyperfineExport(file, await readJsonFile(file, 'a hyperfine JSON export'));
}
