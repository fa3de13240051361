// The regions of the docs that `npm run results` regenerates from committed data:
// <!-- generated:NAME --> ... <!-- /generated:NAME -->, NAME in kebab-case and unique per file.

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
