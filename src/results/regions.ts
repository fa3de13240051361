// The regions of the docs that `npm run results` regenerates from committed data:
// <!-- generated:NAME --> ... <!-- /generated:NAME -->, NAME in kebab-case and unique per
// file. The one marker parser: the results command and the docs tests both use it.

export interface Region {
  name: string;
  /** 1-based lines of the opening and closing markers. */
  start: number;
  end: number;
}

const MARKER = /<!--\s*(\/?)generated:([^\s>]*)\s*-->/g;

/** The regions of one Markdown file; throws, naming the line, on a marker that does not pair up. */
export function generatedRegions(markdown: string): Region[] {
  const regions: Region[] = [];
  let open: { name: string; start: number } | undefined;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    for (const [, slash, name = ''] of text.matchAll(MARKER)) {
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) throw new Error(`line ${line}: region name '${name}' is not kebab-case`);
      if (slash === '') {
        if (open) throw new Error(`line ${line}: region '${name}' opens inside '${open.name}' (line ${open.start})`);
        if (regions.some((region) => region.name === name)) throw new Error(`line ${line}: region '${name}' appears twice`);
        open = { name, start: line };
      } else {
        if (open?.name !== name) throw new Error(`line ${line}: '/generated:${name}' closes ${open ? `'${open.name}'` : 'no open region'}`);
        regions.push({ ...open, end: line });
        open = undefined;
      }
    }
  });
  if (open) throw new Error(`line ${open.start}: region '${open.name}' is never closed`);
  return regions;
}

/** A region the results command fills: its markers must stand alone on their lines. */
function checkStandalone(lines: readonly string[], region: Region): void {
  for (const line of [region.start, region.end]) {
    const text = (lines[line - 1] ?? '').trim();
    if (!/^<!--\s*\/?generated:[a-z0-9-]+\s*-->$/.test(text) || region.start === region.end) {
      throw new Error(`line ${line}: the markers of region '${region.name}' must each stand alone on a line`);
    }
  }
}

/** The text between a region's markers (without them), as it stands in the file. */
export function regionContent(markdown: string, name: string): string | undefined {
  const region = generatedRegions(markdown).find((r) => r.name === name);
  if (!region) return undefined;
  const lines = markdown.split('\n');
  checkStandalone(lines, region);
  return lines.slice(region.start, region.end - 1).join('\n');
}

/**
 * The file with each named region's content replaced (markers kept, the rest untouched).
 * Throws on a name the file lacks, so a renamed region never goes silently stale.
 */
export function replaceRegions(markdown: string, contents: ReadonlyMap<string, string>): string {
  const regions = generatedRegions(markdown);
  const lines = markdown.split('\n');
  const unknown = [...contents.keys()].find((name) => !regions.some((region) => region.name === name));
  if (unknown !== undefined) throw new Error(`no region '${unknown}' (<!-- generated:${unknown} -->)`);
  // From the last region up, so earlier line numbers stay valid.
  for (const region of [...regions].sort((a, b) => b.start - a.start)) {
    const content = contents.get(region.name);
    if (content === undefined) continue;
    checkStandalone(lines, region);
    lines.splice(region.start, region.end - 1 - region.start, ...content.replace(/\n+$/, '').split('\n'));
  }
  return lines.join('\n');
}
