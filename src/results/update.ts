// Regenerates every region of the docs from its source: reads the committed data, renders
// each region, and returns what would change, so the command can write the files or, with
// --check, fail on any region that no longer matches its data.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { diff } from 'node:util';
import { createContext, MissingDataError, missingFiles, type DataFile } from './context.js';
import { generatedRegions, regionContent, replaceRegions } from './regions.js';
import { SOURCES, type Source } from './sources.js';

/** Where the committed data is described, and what replaces a placeholder. */
export const DATA_README = 'docs/results/README.md';

/** README.md and every Markdown file under docs/, relative to the root. */
function markdownFiles(root: string): string[] {
  const docs = (readdirSync(join(root, 'docs'), { recursive: true }) as string[]).map((path) => posix.join('docs', path.split('\\').join('/')));
  return ['README.md', ...docs.filter((path) => path.endsWith('.md')).sort()];
}

function pendingText(source: Source, missing: DataFile[]): string {
  const commands = [...new Set(missing.map((file) => file.producedBy))];
  return `Not measured yet (${source.pending}): ${commands.map((c) => `\`${c}\``).join(' and ')}, then \`npm run results\`.`;
}

/**
 * Renders every region: the changed regions (with the line of the opening marker), the new text of every file
 * with a change, the sources with placeholder or pending data. Throws MissingDataError (every missing file at once) before rendering any.
 */
export async function regenerate(root: string, sources: readonly Source[] = SOURCES, warn: (message: string) => void = () => {}) {
  const texts = new Map(markdownFiles(root).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  // Every region has a source and every source a region: nothing in the docs goes stale unnoticed.
  const problems: string[] = [];
  for (const [file, text] of texts) {
    let regions;
    try {
      regions = generatedRegions(text);
    } catch (error) {
      problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const orphans = regions.filter((region) => !sources.some((s) => s.file === file && s.region === region.name));
    problems.push(...orphans.map((region) => `${file}:${region.start}: region '${region.name}' has no source in src/results/sources.ts`));
  }
  for (const source of sources) {
    const text = texts.get(source.file);
    if (text === undefined) problems.push(`${source.file}: no such Markdown file (source of region '${source.region}')`);
    else if (!generatedRegions(text).some((region) => region.name === source.region)) problems.push(`${source.file}: no region '${source.region}' (<!-- generated:${source.region} -->)`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const missing = new Map<string, DataFile>();
  for (const source of sources.filter((s) => s.pending === undefined)) for (const file of missingFiles(root, source.data)) missing.set(file.path, file);
  if (missing.size > 0) throw new MissingDataError([...missing.values()]);

  const cache = new Map<string, Promise<unknown>>();
  const contents = new Map<string, Map<string, string>>();
  const placeholders: Source[] = [];
  const pending: Source[] = [];
  for (const source of sources) {
    const context = createContext(root, source.file, cache, warn);
    const absent = missingFiles(root, source.data);
    let content = absent.length > 0 ? pendingText(source, absent) : await source.generate(context);
    if (absent.length > 0) pending.push(source);
    else if (source.placeholder !== undefined) {
      placeholders.push(source);
      content = `_Placeholder data, not to quote: [why](${context.link(DATA_README)})._\n\n${content}`;
    }
    contents.set(source.file, (contents.get(source.file) ?? new Map()).set(source.region, content));
  }

  const changes: { file: string; line: number; region: string; before: string; after: string }[] = [];
  const files = new Map<string, string>();
  for (const [file, regions] of contents) {
    const text = texts.get(file) as string;
    const lines = new Map(generatedRegions(text).map((region) => [region.name, region.start]));
    for (const [region, after] of regions) {
      const before = regionContent(text, region) ?? '';
      if (before !== after) changes.push({ file, line: lines.get(region) ?? 0, region, before, after });
    }
    const updated = replaceRegions(text, regions);
    if (updated !== text) files.set(file, updated);
  }
  return { changes, files, regions: sources.length, placeholders, pending };
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
