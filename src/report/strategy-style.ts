// What a timed command is called and what colour it gets, in every table and chart. The
// strategy registry holds each strategy's one colour; the Python original's client,
// run beside ours as `original-<name>`, gets a paler shade of the same colour, so a
// strategy keeps its hue whoever's client ran it.
import { findStrategy, type StrategyEntry } from '../strategies/registry.js';

/** Prefix of the Python original's strategies when they run in our suite. */
export const ORIGINAL_PREFIX = 'original-';

export type Client = 'ours' | 'original';

/** A strategy name split into the registry's strategy and whose client ran it; null for any other command. */
export function clientOf(name: string): { strategy: StrategyEntry; client: Client } | null {
  const original = name.startsWith(ORIGINAL_PREFIX);
  const strategy = findStrategy(original ? name.slice(ORIGINAL_PREFIX.length) : name);
  if (!strategy || (original && !strategy.original)) return null;
  return { strategy, client: original ? 'original' : 'ours' };
}

/** A strategy name exactly as this project spells it (async-for, original-async-for). */
function canonical(name: string): string | null {
  const known = clientOf(name);
  if (!known) return null;
  return known.client === 'original' ? `${ORIGINAL_PREFIX}${known.strategy.name}` : known.strategy.name;
}

/**
 * The strategy a hyperfine command ran, for labels: the command name itself when it is one
 * (`--command-name async-for`, `original-async-for`, `async_for`), else the first strategy
 * named among the command's arguments, so `/usr/bin/python3 benchmark.py async-for -r 1000`
 * (the original's run.sh) and `node dist/client/cli.js async-for -r 1000` both read
 * `async-for`. Any other command keeps its text.
 */
export function strategyName(command: string): string {
  const trimmed = command.trim();
  const named = canonical(trimmed);
  if (named) return named;
  const words = trimmed.split(/\s+/).slice(1);
  for (const word of words) {
    const entry = word.startsWith('-') ? undefined : findStrategy(word);
    if (entry) return entry.name;
  }
  return trimmed;
}

/** The part of a name charts group by: original-async-for and async-for are both async-for. */
export function groupName(name: string): string {
  const known = clientOf(name);
  return known ? known.strategy.name : name;
}

/** Colours for commands that are not strategies (fixed by name, away from the registry's hues). */
const OTHER_COLORS = ['#e377c2', '#bcbd22', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

function mixWithWhite(hex: string, share: number): string {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `#${channels.map((c) => Math.round(c + (255 - c) * share).toString(16).padStart(2, '0')).join('')}`;
}

/** The one colour of a strategy (the registry's), a paler one for the original's client, a fixed one for anything else. */
export function strategyColor(name: string): string {
  const known = clientOf(name);
  if (known) return known.client === 'original' ? mixWithWhite(known.strategy.color, 0.5) : known.strategy.color;
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) as number)) >>> 0;
  return OTHER_COLORS[hash % OTHER_COLORS.length] as string;
}
