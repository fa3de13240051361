import { appendFileSync } from 'node:fs';
import { InvalidArgumentError, type Command, CommanderError } from 'commander';

/** Exit code for bad flags, names or values: distinct from 1 (the run itself failed). */
export const USAGE_EXIT_CODE = 2;

/** Thrown for bad input found outside commander's own parsing (e.g. environment variables). */
export class UsageError extends Error {}

export function parseIntegerInRange(value: string, name: string, min: number, max: number): number {
  const trimmed = value.trim();
  const parsed = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new InvalidArgumentError(`${name} must be ${range}, got '${value}'.`);
  }
  return parsed;
}

/** commander option parser for positive integers, with the option's name in the message. */
export function positiveInteger(name: string): (value: string) => number {
  return (value) => parseIntegerInRange(value, name, 1, Number.MAX_SAFE_INTEGER);
}

/** commander option parser for a time in milliseconds, fractions allowed, from 0 to 60000. */
export function milliseconds(name: string): (value: string) => number {
  return (value) => {
    const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!(ms >= 0 && ms <= 60_000)) throw new InvalidArgumentError(`${name} must be milliseconds from 0 to 60000, got '${value}'.`);
    return ms;
  };
}

export function tcpPort(name: string, min = 0): (value: string) => number {
  return (value) => parseIntegerInRange(value, name, min, 65535);
}

/**
 * Makes commander exit with USAGE_EXIT_CODE on bad usage (its default is 1, which
 * here means "the benchmark failed"), and 0 for --help / --version.
 */
export function withUsageExitCodes(program: Command): Command {
  program.exitOverride((err: CommanderError) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      process.exit(0);
    }
    process.exit(USAGE_EXIT_CODE);
  });
  return program;
}

/**
 * Writes an error to stderr, and also to BENCHMARK_ERROR_LOG when set: hyperfine hides
 * the output of the commands it times, so the suite and the sweep (src/runner/hyperfine.ts)
 * show what the failing client said instead of just "non-zero exit code".
 */
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

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** commander option parser for a decimal number from 0 to max (fractions allowed), with the option's name in the message. */
export function nonNegativeNumber(name: string, max: number): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    const parsed = /^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isFinite(parsed) || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a number from 0 to ${max} (fractions allowed), got '${value}'.`);
    }
    return parsed;
  };
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
