// Relative links and images in the Markdown docs, checked against what git tracks (GitHub renders
// only tracked files) and, for links into Markdown files, against GitHub's heading anchors.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface Link {
  line: number;
  target: string;
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// `](destination "optional title")` ends every inline link and image, nested ones included.
const INLINE = /\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm;
const HTML_ATTRIBUTE = /\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** The document with every line of a fenced code block (fences included) emptied: line numbers stay. */
function withoutFences(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((text) => {
      const opener = FENCE.exec(text)?.[1];
      if (fence === undefined && opener === undefined) return text;
      if (fence === undefined) fence = opener;
      else if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length && text.trim() === opener) fence = undefined;
      return '';
    })
    .join('\n');
}

/** Code spans (which may wrap lines, never across a blank one) blanked out, newlines kept. */
function withoutCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i++];
      continue;
    }
    let run = 0;
    while (text[i + run] === '`') run++;
    const ticks = '`'.repeat(run);
    let close = text.indexOf(ticks, i + run);
    while (close !== -1 && text[close + run] === '`') close = text.indexOf(ticks, close + run + 1);
    const span = close === -1 ? '' : text.slice(i, close + run);
    if (close === -1 || /\n[ \t]*\n/.test(span)) {
      out += ticks;
      i += run;
      continue;
    }
    out += span.replace(/[^\n]/g, ' ');
    i = close + run;
  }
  return out;
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** Every link and image destination, Markdown (inline and reference) and HTML, outside code. */
export function extractLinks(markdown: string): Link[] {
  const prose = withoutCodeSpans(withoutFences(markdown));
  const links: Link[] = [];
  const add = (raw: string, index: number): void => {
    links.push({ line: lineAt(prose, index), target: raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw });
  };
  for (const match of prose.matchAll(INLINE)) add(match[1] ?? '', match.index);
  for (const match of prose.matchAll(REFERENCE)) add(match[1] ?? '', match.index);
  for (const match of prose.matchAll(HTML_ATTRIBUTE)) add(match[1] ?? match[2] ?? '', match.index);
  return links.sort((a, b) => a.line - b.line);
}

/** A heading's text as GitHub renders it: code spans literal, links and images by their text, no HTML tags. */
export function headingText(markdown: string): string {
  return markdown
    .split(/(`+[^`]*`+)/)
    .map((part, index) =>
      index % 2 === 1 ? part.replace(/^`+|`+$/g, '') : part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, ''),
    )
    .join('');
}

/** GitHub's anchor for a heading's text: lowercase, punctuation dropped (but '-' and '_'), each space a '-'. */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: its headings (duplicates get -1, -2, ...) and HTML ids and names. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const addHeading = (text: string): void => {
    const slug = githubSlug(headingText(text));
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = withoutFences(markdown).split('\n');
  lines.forEach((text, index) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (atx) addHeading(atx[1] ?? '');
    else if (text.trim() !== '' && /^ {0,3}(=+|-+)[ \t]*$/.test(lines[index + 1] ?? '') && !/^ {0,3}([-*+]|\d+[.)])[ \t]/.test(text)) addHeading(text);
    for (const tag of text.matchAll(/<[a-z][^>]*>/gi)) {
      for (const match of tag[0].matchAll(/\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1] ?? '');
    }
  });
  return anchors;
}

function git(root: string, args: string[]): string[] {
  return execFileSync('git', ['-C', root, ...args, '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** README.md and every docs/**\/*.md that git tracks or would track (untracked but not ignored). */
export function markdownFiles(root: string): string[] {
  return git(root, ['ls-files', '--cached', '--others', '--exclude-standard'])
    .filter((path) => path === 'README.md' || /^docs\/.+\.md$/.test(path))
    .filter((path) => existsSync(join(root, path)))
    .sort();
}

/** Why a link from `file` does not resolve, or undefined when it does (absolute URLs are not checked). */
function problemWith(file: string, target: string, tracked: Set<string>, anchors: (path: string) => Set<string>): string | undefined {
  if (target === '') return 'empty link';
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const hash = target.indexOf('#');
  const [pathPart, anchor] = hash === -1 ? [target, ''] : [target.slice(0, hash), target.slice(hash + 1)];
  let path: string;
  let fragment: string;
  try {
    [path, fragment] = [decodeURIComponent(pathPart), decodeURIComponent(anchor)];
  } catch {
    return 'malformed percent-encoding';
  }
  const joined = path === '' ? file : path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(file), path);
  const resolved = posix.normalize(joined).replace(/\/+$/, '');
  if (resolved === '..' || resolved.startsWith('../')) return 'points outside the repository';
  const isDirectory = resolved === '.' || [...tracked].some((known) => known.startsWith(`${resolved}/`));
  if (!tracked.has(resolved) && !isDirectory) return `${resolved} is not tracked by git`;
  if (fragment !== '' && resolved.endsWith('.md') && !isDirectory && !anchors(resolved).has(fragment)) {
    return `${resolved} has no heading or id for #${fragment}`;
  }
  return undefined;
}

/** Every relative link or image in the docs whose target git does not track, or whose anchor is missing. */
export function brokenLinks(root: string): BrokenLink[] {
  const tracked = new Set(git(root, ['ls-files', '--cached']).filter((path) => existsSync(join(root, path))));
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (path: string): Set<string> => {
    let found = anchorCache.get(path);
    if (!found) anchorCache.set(path, (found = anchorsOf(readFileSync(join(root, path), 'utf8'))));
    return found;
  };
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles(root)) {
    for (const { line, target } of extractLinks(readFileSync(join(root, file), 'utf8'))) {
      const reason = problemWith(file, target, tracked, anchors);
      if (reason !== undefined) broken.push({ file, line, target, reason });
    }
  }
  return broken;
}
