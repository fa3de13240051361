// Reads hyperfine JSON exports of any version. The schema grew over time: the oldest
// exports have only command/mean/stddev/user/system/min/max, later ones add `times`,
// `median`, `exit_codes`, `parameters`, `memory_usage_byte` and a top-level `metadata`.
// Required: `results[]` with `command` and `mean`; everything else is optional and
// unknown fields are ignored, so exports this project did not write still load.
import { readFile } from 'node:fs/promises';
import { median, sorted } from './statistics.js';
import { isJsonObject, type JsonObject } from '../common/json.js';

/** A bad input file: the message names the file and the problem (shown without a stack). */
export class ExportError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

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

export interface HyperfineExport {
  file: string;
  results: CommandResult[];
  hyperfineVersion: string | null;
}

/** A time in seconds: finite and not negative (JSON's 1e400 parses to Infinity). */
function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** JSON.stringify shows Infinity as null: say what it was. */
function show(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

function optionalSeconds(file: string, where: string, record: JsonObject, key: string): number | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (!isSeconds(value)) throw new ExportError(file, `${where}.${key} must be a finite, non-negative number of seconds, got ${show(value)}`);
  return value;
}

function parseResult(file: string, index: number, raw: unknown): CommandResult {
  const where = `results[${index}]`;
  if (!isJsonObject(raw)) throw new ExportError(file, `${where} is not an object`);
  if (typeof raw.command !== 'string') throw new ExportError(file, `${where} has no "command" string`);
  if (typeof raw.mean !== 'number') throw new ExportError(file, `${where} ("${raw.command}") has no numeric "mean"`);
  // A negative or infinite time is a damaged or hand-edited export: no report can rest on it.
  if (!isSeconds(raw.mean)) throw new ExportError(file, `${where} ("${raw.command}").mean must be a finite, non-negative number of seconds, got ${show(raw.mean)}`);

  let times: number[] | null = null;
  if (raw.times !== undefined && raw.times !== null) {
    if (!Array.isArray(raw.times) || !raw.times.every((t) => typeof t === 'number')) {
      throw new ExportError(file, `${where}.times must be an array of numbers`);
    }
    const bad = raw.times.findIndex((t) => !isSeconds(t));
    if (bad !== -1) {
      throw new ExportError(file, `${where} ("${raw.command}").times[${bad}] must be a finite, non-negative number of seconds, got ${show(raw.times[bad])}`);
    }
    times = raw.times.length > 0 ? raw.times : null;
  }

  let exitCodes: (number | null)[] | null = null;
  if (raw.exit_codes !== undefined && raw.exit_codes !== null) {
    if (!Array.isArray(raw.exit_codes) || !raw.exit_codes.every((c) => c === null || Number.isInteger(c))) {
      throw new ExportError(file, `${where}.exit_codes must be an array of integers or nulls`);
    }
    exitCodes = raw.exit_codes as (number | null)[];
  }

  const result: CommandResult = {
    command: raw.command,
    mean: raw.mean,
    stddev: optionalSeconds(file, where, raw, 'stddev'),
    median: optionalSeconds(file, where, raw, 'median'),
    user: optionalSeconds(file, where, raw, 'user'),
    system: optionalSeconds(file, where, raw, 'system'),
    min: optionalSeconds(file, where, raw, 'min'),
    max: optionalSeconds(file, where, raw, 'max'),
    times,
    exitCodes,
    derived: [],
  };
  // Older exports lack the median; with the raw times it is exact to compute.
  if (times) {
    const ordered = sorted(times);
    if (result.median === null) {
      result.median = median(ordered);
      result.derived.push('median');
    }
    if (result.min === null) {
      result.min = ordered[0] ?? null;
      result.derived.push('min');
    }
    if (result.max === null) {
      result.max = ordered[ordered.length - 1] ?? null;
      result.derived.push('max');
    }
  }
  return result;
}

/** Validates already-parsed JSON; `file` is only used in messages. */
export function parseHyperfineExport(file: string, data: unknown): HyperfineExport {
  if (!isJsonObject(data) || !('results' in data)) {
    throw new ExportError(file, 'not a hyperfine JSON export (expected an object with a "results" array, as written by hyperfine --export-json)');
  }
  if (!Array.isArray(data.results)) throw new ExportError(file, '"results" is not an array');
  if (data.results.length === 0) throw new ExportError(file, 'the export has no results (hyperfine benchmarked nothing)');
  const results = data.results.map((raw, index) => parseResult(file, index, raw));
  const metadata = data.metadata;
  const version = isJsonObject(metadata) && typeof metadata.hyperfine_version === 'string' ? metadata.hyperfine_version : null;
  return { file, results, hyperfineVersion: version };
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a hyperfine JSON export';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

export async function readHyperfineExport(file: string): Promise<HyperfineExport> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ExportError(file, describeReadError(error));
  });
  if (text.trim() === '') throw new ExportError(file, 'the file is empty (did the hyperfine run stop before exporting?)');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ExportError(file, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseHyperfineExport(file, data);
}
