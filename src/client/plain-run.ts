// A plain strategy run parsed without commander for the lean entry (run-entry.ts), with the flags and
// checks of run-flags.ts; whatever this does not accept, commander parses (and reports) instead.
import { findStrategy } from '../strategies/registry.js';
import { defaultRunFlags, namesOf, RUN_FLAGS, type RunFlag, type RunFlags } from './run-flags.js';

const BY_NAME = new Map<string, RunFlag>(RUN_FLAGS.flatMap((flag) => namesOf(flag).map((name) => [name, flag] as const)));

/** The test name and flags when `args` (argv after the script) is a plain run commander would accept alike; else undefined. */
export function parsePlainRun(args: readonly string[]): { testName: string; flags: RunFlags } | undefined {
  const rest = args[0] === 'run' ? args.slice(1) : args;
  const testName = rest[0];
  if (testName === undefined || !findStrategy(testName)) return undefined;
  const flags: Record<string, unknown> = { ...defaultRunFlags() };
  for (let i = 1; i < rest.length; i++) {
    const token = rest[i] as string;
    // --name=value, -Xvalue, or the flag alone (its value, if it takes one, is the next word).
    const long = token.startsWith('--') ? /^(--[^=]+)(?:=(.*))?$/s.exec(token) : null;
    const short = !long && /^-[^-]/.test(token) ? [token, token.slice(0, 2), token.length > 2 ? token.slice(2) : undefined] : null;
    const match = long ?? short;
    const flag = match ? BY_NAME.get(match[1] as string) : undefined;
    if (!match || !flag) return undefined;
    let value = match[2];
    if (!flag.parse) {
      if (value !== undefined) return undefined;
      flags[flag.key] = true;
      continue;
    }
    if (value === undefined) value = rest[++i];
    if (value === undefined) return undefined;
    try {
      flags[flag.key] = flag.parse(value);
    } catch {
      return undefined;
    }
  }
  return { testName, flags: flags as unknown as RunFlags };
}
