// Regenerates every region of the docs from its source: reads the committed data, renders
// each region, and returns what would change, so the command can write the files or, with
// --check, fail on any region that no longer matches its data.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { diff } from 'node:util';
import { describeError } from '../common/cli-errors.js';
import { createContext, MissingDataError, missingFiles, type DataFile } from './context.js';
import { generatedRegions, regionContent, replaceRegions, type Region } from './regions.js';
import { SOURCES, type Source } from './sources.js';

/** Where the committed data is described, and what replaces a placeholder. */
export const DATA_README = 'docs/results/README.md';

/** README.md and every Markdown file under docs/, relative to the root. */
function markdownFiles(root: string): string[] {
  const docs = (readdirSync(join(root, 'docs'), { recursive: true }) as string[]).map((path) => posix.join('docs', path.split('\\').join('/')));
  return ['README.md', ...docs.filter((path) => path.endsWith('.md')).sort()];
}

/**
 * Renders every region: the changed regions (with the line of the opening marker), the new text of every file
 * with a change, the sources with placeholder or pending data. Throws MissingDataError (every missing file at once) before rendering any.
 */
export async function regenerate(root: string, warn: (message: string) => void) {
  const texts = new Map(markdownFiles(root).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  // Every region has a source and every source a region: nothing in the docs goes stale unnoticed.
  const problems: string[] = [];
  const regionsOf = new Map<string, Region[]>();
  for (const [file, text] of texts) {
    try {
      regionsOf.set(file, generatedRegions(text));
    } catch (error) {
      problems.push(`${file}: ${describeError(error)}`);
      continue;
    }
    const orphans = regionsOf.get(file)!.filter((region) => !SOURCES.some((s) => s.file === file && s.region === region.name));
    problems.push(...orphans.map((region) => `${file}:${region.start}: region '${region.name}' has no source in src/results/sources.ts`));
  }
  for (const { file, region } of SOURCES) {
    if (!texts.has(file)) problems.push(`${file}: no such Markdown file (source of region '${region}')`);
    else if (regionsOf.get(file)?.some((r) => r.name === region) === false) problems.push(`${file}: no region '${region}' (<!-- generated:${region} -->)`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const missing = new Map<string, DataFile>();
  for (const source of SOURCES.filter((s) => s.pending === undefined)) for (const file of missingFiles(root, source.data)) missing.set(file.path, file);
  if (missing.size > 0) throw new MissingDataError([...missing.values()]);

  const cache = new Map<string, Promise<unknown>>();
  const contents = new Map<string, Map<string, string>>();
  const placeholders: Source[] = [];
  const pending: Source[] = [];
  for (const source of SOURCES) {
    const context = createContext(root, source.file, cache, warn);
    const commands = [...new Set(missingFiles(root, source.data).map((file) => `\`${file.producedBy}\``))];
    const notYet = `Not measured yet (${source.pending}): ${commands.join(' and ')}, then \`npm run results\`.`;
    let content = commands.length > 0 ? notYet : await source.generate(context);
    if (commands.length > 0) pending.push(source);
    else if (source.placeholder !== undefined) {
      placeholders.push(source);
      content = `_Placeholder data, not to quote: [why](${context.link(DATA_README)})._\n\n${content}`;
    }
    contents.set(source.file, (contents.get(source.file) ?? new Map()).set(source.region, content));
  }

  const changes: { file: string; line: number; region: string; before: string; after: string }[] = [];
  const files = new Map<string, string>();
  for (const [file, regions] of contents) {
    const text = texts.get(file)!;
    for (const [region, after] of regions) {
      const before = regionContent(text, region) ?? '';
      if (before !== after) changes.push({ file, line: regionsOf.get(file)!.find((r) => r.name === region)!.start, region, before, after });
    }
    const updated = replaceRegions(text, regions);
    if (updated !== text) files.set(file, updated);
  }
  return { changes, files, regions: SOURCES.length, placeholders, pending };
}

/** A short line diff of one region: removed lines with '-', added with '+', at most `limit` lines. */
export function shortDiff(before: string, after: string, limit = 12): string {
  const lines = diff(before.split('\n'), after.split('\n'))
    .filter(([operation]) => operation !== 0)
    // util.diff(actual, expected): 1 = only in `actual` (the text as it stands), -1 = only in `expected` (regenerated).
    .map(([operation, line]) => `${operation === 1 ? '-' : '+'} ${line}`);
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(`  ... ${lines.length - limit} more changed lines`);
  return shown.join('\n');
}
