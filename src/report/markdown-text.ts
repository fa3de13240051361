// Text from the inputs (command names, run labels, file names, a record's fields) made safe where
// it lands in Markdown: a line break must not end a table row or a code block, HTML must not be
// markup. Nothing else changes: what is safe reads as it was written.

/** Line breaks of every kind (CR, LF, U+2028/2029, NEL) and other control characters; tab too. */
const BREAKS_AND_CONTROLS = /[\p{Cc}\u2028\u2029]/gu;

/** For prose and table cells: every line break and control character a space; &, < and > as entities. */
export function mdText(value: unknown): string {
  return String(value).replace(BREAKS_AND_CONTROLS, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For a line inside a fenced code block (HTML is not markup there): every line break and control character a space. */
export function mdCodeLine(value: unknown): string {
  return String(value).replace(BREAKS_AND_CONTROLS, ' ');
}

/** An inline code span of any text: fenced with more backticks than it holds in a row (CommonMark), on one line. */
export function mdCode(value: unknown): string {
  const text = mdCodeLine(value);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
