// Usage errors and numeric checks without commander, whose loading would count in every timed run
// (the lean run path, src/client/run-entry.ts); cli-errors.ts turns them into commander's parsers.
import { appendFileSync } from 'node:fs';

/** Exit code for bad flags, names or values: distinct from 1 (the run itself failed). */
export const USAGE_EXIT_CODE = 2;

/** Thrown for bad input found outside commander's own parsing (e.g. environment variables). */
export class UsageError extends Error {}

/** A value that a check refused; its message names the flag or variable and the range (a usage error wherever it is not commander's). */
export class InvalidValueError extends UsageError {}

/** An integer from min to max, written as plain decimal digits; throws InvalidValueError stating the range. */
export function integerInRange(value: string, name: string, min: number, max: number): number {
  const trimmed = value.trim();
  const parsed = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new InvalidValueError(`${name} must be ${range}, got '${value}'.`);
  }
  return parsed;
}

/** A decimal number from 0 to max, fractions allowed; throws InvalidValueError stating the range. */
export function numberUpTo(value: string, name: string, max: number): number {
  const trimmed = value.trim();
  const parsed = /^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed > max) {
    throw new InvalidValueError(`${name} must be a number from 0 to ${max} (fractions allowed), got '${value}'.`);
  }
  return parsed;
}

/** Writes an error to stderr and BENCHMARK_ERROR_LOG: hyperfine hides what it times, so the suite and sweep show what a client said (src/runner/hyperfine.ts). */
export function reportError(text: string): void {
  process.stderr.write(text);
  const log = process.env.BENCHMARK_ERROR_LOG;
  if (log) {
    try {
      appendFileSync(log, text);
    } catch {
      // The error itself is on stderr already.
    }
  }
}

/** Prints a one-line error (never a stack trace) and exits. */
export function fail(message: string, exitCode: number): never {
  reportError(`error: ${message}\n`);
  process.exit(exitCode);
}

/** Ends the process for `error`, in one line: a UsageError with USAGE_EXIT_CODE, anything else with 1. */
export function failWith(error: unknown): never {
  fail(describeError(error), error instanceof UsageError ? USAGE_EXIT_CODE : 1);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** The spellings every boolean BENCHMARK_* variable accepts (any case); empty is unset. */
export const BOOLEAN_SPELLINGS = { true: ['1', 'true', 'yes', 'on'], false: ['0', 'false', 'no', 'off'] } as const;

/** A boolean variable: true, false, or undefined when unset or empty; a UsageError for any other spelling. */
export function booleanFromEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return undefined;
  const value = raw.toLowerCase();
  if ((BOOLEAN_SPELLINGS.true as readonly string[]).includes(value)) return true;
  if ((BOOLEAN_SPELLINGS.false as readonly string[]).includes(value)) return false;
  throw new UsageError(`${name} must be one of ${[...BOOLEAN_SPELLINGS.true, ...BOOLEAN_SPELLINGS.false].join(', ')}, got '${raw}'`);
}
