// What a timed command is called and what colour it gets, in every table and chart: the registry's colour
// of its strategy, a paler shade for the Python original's client (`original-<name>`), so a strategy keeps
// its hue whoever's client ran it.
import { findStrategy } from '../strategies/registry.js';
import { parseLabel } from '../strategies/label.js';

/**
 * The strategy a hyperfine command ran, for labels: the command name itself when it is one
 * (`--command-name async-for`, `original-async-for`, `async_for`), else the first strategy
 * named among the command's arguments, so `/usr/bin/python3 benchmark.py async-for -r 1000`
 * (the original's run.sh) and `node dist/client/cli.js async-for -r 1000` both read
 * `async-for`. Any other command keeps its text.
 */
export function strategyName(command: string): string {
  const trimmed = command.trim();
  const argument = (word: string) => (word.startsWith('-') ? undefined : findStrategy(word)?.name);
  return parseLabel(trimmed)?.text ?? trimmed.split(/\s+/).slice(1).map(argument).find((name) => name !== undefined) ?? trimmed;
}

/** The part of a name charts group by: original-async-for, async-for and async-for (A/A) are all async-for. */
export function groupName(name: string): string {
  return parseLabel(name)?.strategy.name ?? name;
}

/** Colours for commands that are not strategies (fixed by name, away from the registry's hues). */
const OTHER_COLORS = ['#e377c2', '#bcbd22', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

function mixWithWhite(hex: string, share: number): string {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `#${channels.map((c) => Math.round(c + (255 - c) * share).toString(16).padStart(2, '0')).join('')}`;
}

/** The one colour of a strategy (the registry's), a paler one for the original's client, a fixed one for anything else. */
export function strategyColor(name: string): string {
  const known = parseLabel(name);
  if (known) return known.client === 'original' || known.aa ? mixWithWhite(known.strategy.color, 0.5) : known.strategy.color;
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) as number)) >>> 0;
  return OTHER_COLORS[hash % OTHER_COLORS.length] as string;
}
