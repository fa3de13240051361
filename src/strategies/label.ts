// The one parser of what names a timed command everywhere (--command-name, the export, outcomes,
// sweep.json, tables, charts): a registry strategy, by our client or the original's ("original-async-for"),
// maybe at its own C ("threads-reuse c=2"), maybe the A/A control's copy ("async-for (A/A)").
import { findStrategy, type StrategyEntry } from './registry.js';

/** Prefix of the Python original's client's commands when they run beside ours. */
export const ORIGINAL_PREFIX = 'original-';
/** Suffix of the A/A control: the same command timed a second time under this name. */
export const AA_SUFFIX = ' (A/A)';

export interface Label {
  /** As this project spells it. */
  text: string;
  strategy: StrategyEntry;
  client: 'ours' | 'original';
  /** Its own C (-c); null: the run's. */
  chunk: number | null;
  /** The A/A control's second copy of a command. */
  aa: boolean;
}

const LABEL = /^(original-)?(\S+?)(?:\s+c\s*=\s*(\d+))?(\s*\(A\/A\))?$/i;

/** The canonical text of a label's parts. */
export function labelText(parts: Omit<Label, 'text'>): string {
  const client = parts.client === 'original' ? ORIGINAL_PREFIX : '';
  return `${client}${parts.strategy.name}${parts.chunk === null ? '' : ` c=${parts.chunk}`}${parts.aa ? AA_SUFFIX : ''}`;
}

/** A label, the original's spellings accepted (async_for, C=2); undefined for anything else (another command's text). */
export function parseLabel(text: string): Label | undefined {
  const match = LABEL.exec(text.trim());
  if (!match) return undefined;
  const [, original, name, chunk, aa] = match;
  const strategy = findStrategy(name as string);
  // The original's client runs only the original's five.
  if (!strategy || (original && !strategy.original)) return undefined;
  const parsed = { strategy, client: original ? ('original' as const) : ('ours' as const), chunk: chunk === undefined ? null : Number(chunk), aa: aa !== undefined };
  if (parsed.chunk !== null && !(parsed.chunk >= 1 && Number.isSafeInteger(parsed.chunk))) return undefined;
  return { ...parsed, text: labelText(parsed) };
}
