// How wide a line of chart text is drawn. Without a canvas, Vega guesses 0.8 × font size per character, about
// 45% more than real text: a chart with a long subtitle was laid out 1,307 px wide around 860 px of content and
// shrank to ~6 px text in a README column. These are the advance widths of DejaVu Sans (its TTF's hmtx table,
// per 1000 em), the widest usual sans-serif: Helvetica, Arial or Liberation Sans draw narrower, never wider.

/** Printable ASCII (space to '~'), regular weight. */
const REGULAR = (
  '318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 636 636 636 337 337 838 838 838 531 ' +
    '1000 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 ' +
    '500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 592 592 525 636 337 636 838'
).split(' ').map(Number);
/** The same in bold (chart titles, axis titles). */
const BOLD = (
  '348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 696 696 696 400 400 838 838 838 580 ' +
    '1000 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 ' +
    '500 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 645 652 582 712 365 712 838'
).split(' ').map(Number);
/** Anything else (–, ±, ·, ×, σ ...) is at most this wide in DejaVu Sans. */
const OTHER = 838;

/** Width in pixels of one line of text at this font size. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    units += code >= 32 && code <= 126 ? (table[code - 32] as number) : OTHER;
  }
  return (units * fontSize) / 1000;
}

/** Splits text at spaces into lines no wider than maxWidth (a single long word stays whole). */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A `textMetrics.width` for Vega (given its text item): these widths, capped at the item's `limit` as Vega truncates there. */
export function vegaTextWidth(item: { fontSize?: number | string; fontWeight?: string | number; limit?: number }, text: unknown): number {
  const size = item.fontSize === undefined || item.fontSize === null ? 11 : Number(item.fontSize) || 0;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  const width = textWidth(text === undefined || text === null ? '' : String(text).trim(), size, bold);
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(width, limit) : width;
}
