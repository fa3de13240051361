// Flags of a bench script: parsed by node:util's parseArgs, with --help (the script's own
// header comment) and one clear line, exit 2, for a bad flag instead of a stack trace.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function benchArgs<T extends NonNullable<ParseArgsConfig['options']>>(script: string, options: T) {
  try {
    const config = { options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, strict: true } as const;
    const parsed = parseArgs(config);
    if ((parsed.values as { help?: boolean }).help) {
      // The header comment of the script is its manual.
      const header = readFileSync(script, 'utf8').split('\n').filter((line) => line.startsWith('//')).map((line) => line.replace(/^\/\/ ?/, ''));
      process.stdout.write(`${header.join('\n')}\n`);
      process.exit(0);
    }
    return parsed.values;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)} (see --help)\n`);
    process.exit(2);
  }
}

/** A bad value: one line, exit 2. */
export function usage(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** --NAME's value as a positive integer (`fallback` when not given); anything else is a usage error. */
export function positive(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) usage(`--${name} must be a positive integer, got '${raw}'`);
  return value;
}
