import { InvalidArgumentError, type Command, CommanderError } from 'commander';
import { integerInRange, InvalidValueError, numberUpTo, USAGE_EXIT_CODE } from './usage.js';

// The commander-free part lives in usage.ts (the lean run path loads it without commander).
export { BOOLEAN_SPELLINGS, booleanFromEnvironment, describeError, fail, failWith, reportError, USAGE_EXIT_CODE, UsageError } from './usage.js';

/** A check from usage.ts (throwing InvalidValueError) as a commander option parser: a refused value becomes commander's "argument is invalid" error. */
export function commanderParser<T>(check: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return check(value);
    } catch (error) {
      if (error instanceof InvalidValueError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

export function parseIntegerInRange(value: string, name: string, min: number, max: number): number {
  return commanderParser((text) => integerInRange(text, name, min, max))(value);
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

/** Makes commander exit with USAGE_EXIT_CODE on bad usage (its 1 means "the benchmark failed" here), 0 for --help and --version. */
export function withUsageExitCodes(program: Command): Command {
  program.exitOverride((err: CommanderError) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      process.exit(0);
    }
    process.exit(USAGE_EXIT_CODE);
  });
  return program;
}

/** commander option parser for a decimal number from 0 to max (fractions allowed), with the option's name in the message. */
export function nonNegativeNumber(name: string, max: number): (value: string) => number {
  return commanderParser((value) => numberUpTo(value, name, max));
}
