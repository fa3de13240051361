// The regression gate: a new run against a baseline, strategy by strategy, for CI. A strategy
// fails when it is slower by more than the threshold and the difference is significant: Welch's
// t-test on the per-run times, Holm-corrected over the strategies compared (one question: did
// anything get slower?). Exit 1 when one fails, 0 otherwise; the verdict of every strategy is printed.
// The A/A control's copy is no strategy: it is left out.
import { formatP, ratioInterval, SIGNIFICANCE } from '../common/significance.js';
import type { CommandResult } from '../runner/hyperfine-export.js';
import { strategyResults } from './table.js';
import { testFamily } from './verdict.js';

type Verdict = 'slower' | 'faster' | 'no difference shown' | 'slower, within the threshold' | 'not tested';

/**
 * "5%" or "0.05" as a share (0.05); the message for a usage error otherwise. A bare number of 1 or
 * more is refused: "5" could mean 5% or 500%.
 */
export function parseThreshold(text: string): number | string {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (!match) return `--fail-if-slower must be a share such as 5% or 0.05, got '${text}'`;
  const percent = match[2] === '%';
  const share = Number(match[1]) / (percent ? 100 : 1);
  if (!percent && share >= 1) return `--fail-if-slower ${text.trim()} is ambiguous: write ${text.trim()}% or a share below 1 such as 0.05`;
  return share >= 0 && share <= 10 ? share : `--fail-if-slower must be from 0% to 1000%, got '${text}'`;
}

/**
 * Every strategy in both runs, compared; the baseline's order. ratio: new mean / baseline mean (above 1, slower);
 * p: Holm-corrected over the strategies, null without two runs a side.
 */
export function compareRuns(baseline: readonly CommandResult[], current: readonly CommandResult[], threshold: number) {
  const byName = new Map(strategyResults(current));
  const pairs = strategyResults(baseline).flatMap(([strategy, old]) => {
    const now = byName.get(strategy);
    return now ? [{ strategy, old, now }] : [];
  });
  const tests = testFamily(pairs.map(({ old, now }) => [now.times, old.times]));
  return pairs.map(({ strategy, old, now }, i) => {
    const p = tests[i]?.p ?? null;
    const ratio = now.mean / old.mean;
    const interval = old.times && now.times ? ratioInterval(now.times, old.times) : null;
    const differs = p !== null && p < SIGNIFICANCE;
    const verdict: Verdict =
      p === null ? 'not tested' : !differs ? 'no difference shown' : ratio < 1 ? 'faster' : ratio > 1 + threshold ? 'slower' : 'slower, within the threshold';
    return { strategy, ratio, interval: interval && { low: interval.low, high: interval.high }, p, verdict, fails: verdict === 'slower' };
  });
}

/** One line per strategy: "async-for: 1.31x the baseline (95% CI 1.25–1.37, Holm-corrected p = 2.1e-6): slower by more than the threshold: FAIL". */
export function describeGate(verdicts: ReturnType<typeof compareRuns>, threshold: number): string {
  const p = (value: number | null) => (value === null ? 'not tested: fewer than two runs a side' : `Holm-corrected ${formatP(value)}`);
  const lines = verdicts.map((v) => {
    const interval = v.interval ? `95% CI ${v.interval.low.toFixed(2)}–${v.interval.high.toFixed(2)}, ` : '';
    return `${v.strategy}: ${v.ratio.toFixed(2)}x the baseline (${interval}${p(v.p)}): ${v.verdict}${v.fails ? ' by more than the threshold: FAIL' : ''}`;
  });
  const failed = verdicts.filter((v) => v.fails).length;
  const limit = `${Number((threshold * 100).toFixed(2))}%`;
  lines.push(
    verdicts.length === 0
      ? 'pass: no strategy is in both runs, nothing compared'
      : failed > 0
        ? `FAIL: ${failed} of ${verdicts.length} strategies slower than the baseline by more than ${limit} (Holm-corrected p < ${SIGNIFICANCE})`
        : `pass: no strategy slower than the baseline by more than ${limit} with Holm-corrected p < ${SIGNIFICANCE} (${verdicts.length} compared)`,
  );
  return `${lines.join('\n')}\n`;
}
