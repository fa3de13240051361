// The Python original side by side, from committed same-machine runs: both clients in one
// hyperfine run against one server, once against ours and once against the original's.
// Ratios, errors and Welch's tests are the report's (src/report/side-by-side.ts).
import { markdownTable } from '../report/format-markdown.js';
import { loadWords, runLoad } from '../report/run-record.js';
import type { Run } from '../report/run-set.js';
import { ASYNC_REFERENCE, sideBySide, type Comparison } from '../report/side-by-side.js';
import { buildTable } from '../report/table.js';
import { capitalized, formatRatio } from '../report/units.js';
import { formatP, holm, SIGNIFICANCE } from '../common/significance.js';
import { sizes } from './headline.js';

/** Each side: its title ("our server", "the original's server"), its run, a link to its full report (which names its export and record). */
export function pythonText(runs: readonly { title: string; run: Run; report: string }[]): string {
  const sides = runs.map((side) => ({ ...side, data: sideBySide(buildTable([side.run]))[0] }));
  const comparisons = sides.flatMap((side) => [...(side.data?.pairs.map((pair) => pair.originalOverOurs) ?? []), ...(side.data?.threadsVsAsync.flatMap((t) => [t.ours, t.original]) ?? [])]);
  // The run counts once when every test rests on the same numbers, else in each cell.
  const counts = new Set(comparisons.flatMap((c) => (c?.welch ? [c.welch.n.join(' + ')] : [])));
  const runs1 = counts.size === 1 ? [...counts][0] : null;
  // One question, "do the two clients differ?", over every cell: Holm-corrected together.
  const tested = comparisons.filter((c): c is Comparison => !!c?.welch);
  const corrected = holm(tested.map((c) => c.welch!.p));
  const adjusted = new Map<Comparison, number>(tested.map((c, i) => [c, corrected[i] as number]));
  /** "0.39 ± 0.10 (p = 0.010)", "1.02 ± 0.05, no difference shown (p = 0.41)", "–". */
  const cell = (comparison: Comparison | null | undefined): string => {
    if (!comparison) return '–';
    const ratio = formatRatio(comparison.ratio.ratio, comparison.ratio.stddev);
    const p = adjusted.get(comparison);
    if (p === undefined || !comparison.welch) return `${ratio} (not tested)`;
    const test = `${formatP(p)}${runs1 === null ? `, ${comparison.welch.n.join(' + ')} runs` : ''}`;
    return p < SIGNIFICANCE ? `${ratio} (${test})` : `${ratio}, no difference shown (${test})`;
  };
  const strategies = [...new Set(sides.flatMap((side) => side.data?.pairs.map((pair) => pair.strategy) ?? []))];
  const pairTable = markdownTable(
    ['Original ÷ ours', ...sides.map((side) => side.title)],
    ['l', ...sides.map(() => 'r' as const)],
    strategies.map((strategy) => [strategy, ...sides.map((side) => cell(side.data?.pairs.find((p) => p.strategy === strategy)?.originalOverOurs))]),
  );
  // Each side's threads ÷ its own async-for, as ranges over the thread strategies and both servers
  // (every ratio with its test is in the linked reports): the README stays short.
  const within = (which: 'ours' | 'original'): string => {
    const all = sides.flatMap((side) => side.data?.threadsVsAsync.map((t) => t[which]) ?? []).filter((c): c is Comparison => c !== null && c !== undefined);
    if (all.length === 0) return '–';
    const ratios = all.map((c) => c.ratio.ratio);
    const ps = all.map((c) => adjusted.get(c));
    const worstP = ps.every((p) => p !== undefined) ? Math.max(...(ps as number[])) : null;
    const [low, high] = [formatRatio(Math.min(...ratios), null), formatRatio(Math.max(...ratios), null)];
    const range = `${low === high ? low : `${low}-${high}`} times`;
    if (worstP === null) return `${range} (not all tested)`;
    return worstP < SIGNIFICANCE ? `${range} (each p ≤ ${formatP(worstP).replace(/^p = /, '')})` : `${range} (a difference not shown for every one)`;
  };
  const threadsLine =
    `Within each run, the thread strategies took ${within('ours')} as long as our \`${ASYNC_REFERENCE}\`, ` +
    `and the original's ${within('original')} as long as its own (every thread strategy, both servers; each ratio with its test is in the reports).`;
  const conditions = sides.map((side) => `[${capitalized(side.title)}](${side.report}): ${sizes(side.run.environment)}, on ${loadWords(runLoad(side.run.environment))}.`);
  const tests = runs1 === null ? "Welch's t-test on the per-run times" : `Welch's t-test on ${runs1} runs each`;
  return [pairTable, '', threadsLine, '', `${tests}, Holm-corrected over every ratio above (p < 0.05: the two differ). ${conditions.join(' ')}`].join('\n');
}
