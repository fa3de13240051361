// The relative-speed arithmetic: against hand-computed values, and against what
// hyperfine itself printed and exported for the same measurements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dist, fixture } from '../helper.ts';

type SpeedModule = typeof import('../../src/report/relative-speed.ts');
type RunSetModule = typeof import('../../src/report/run-set.ts');
type TableModule = typeof import('../../src/report/table.ts');
type MarkdownModule = typeof import('../../src/report/format-markdown.ts');
type UnitsModule = typeof import('../../src/report/units.ts');

const { relativeSpeeds, relativeTo, fastestIndex } = await dist<SpeedModule>('report/relative-speed.js');
const { loadRuns } = await dist<RunSetModule>('report/run-set.js');
const { buildTable } = await dist<TableModule>('report/table.js');
const { summaryLines, resultsTable } = await dist<MarkdownModule>('report/format-markdown.js');
const { formatRelative } = await dist<UnitsModule>('report/units.js');

const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

test('ratios are slower mean / fastest mean (hyperfine test case: 3 s, 2 s, 5 s)', () => {
  const speeds = relativeSpeeds([
    { mean: 3, stddev: null },
    { mean: 2, stddev: null },
    { mean: 5, stddev: null },
  ]);
  assert.deepEqual(
    speeds.map((s) => [s.ratio, s.isReference]),
    [
      [1.5, false],
      [1, true],
      [2.5, false],
    ],
  );
  assert.ok(speeds.every((s) => s.stddev === null), 'no stddev without the inputs\' stddev');
});

test('error propagation by hand: 2 ± 0.2 s vs 3 ± 0.6 s -> 1.5 ± 1.5·sqrt(0.1² + 0.2²) = 0.33541', () => {
  const [fast, slow] = relativeSpeeds([
    { mean: 2, stddev: 0.2 },
    { mean: 3, stddev: 0.6 },
  ]);
  close(slow!.ratio, 1.5, 'ratio');
  close(slow!.stddev, 0.3354101966, 'sigma');
  // The reference carries hyperfine's value too (1 · sqrt(2 · 0.1²)); only its display omits it.
  close(fast!.stddev, 0.1414213562, 'reference sigma');
  assert.equal(formatRelative(fast!), '1.00');
  assert.equal(formatRelative(slow!), '1.50 ± 0.34');
});

test('a second hand case: 120 ± 6 ms vs 480 ± 48 ms -> 4 ± 4·sqrt(0.05² + 0.1²) = 0.44721', () => {
  const speed = relativeTo({ mean: 0.48, stddev: 0.048 }, { mean: 0.12, stddev: 0.006 }, false);
  close(speed.ratio, 4, 'ratio');
  close(speed.stddev, 0.4472135955, 'sigma');
});

test('ties: the first lowest mean is the reference; equal means have ratio 1', () => {
  assert.equal(fastestIndex([{ mean: 2, stddev: 0 }, { mean: 1, stddev: 0 }, { mean: 1, stddev: 0 }]), 1);
  const speeds = relativeSpeeds([{ mean: 1, stddev: 0.1 }, { mean: 1, stddev: 0.1 }]);
  assert.deepEqual(speeds.map((s) => [s.ratio, s.isReference]), [[1, true], [1, false]]);
});

test('zero means (too fast to time): no finite ratio, no error, as hyperfine', () => {
  const speeds = relativeSpeeds([{ mean: 0, stddev: 0 }, { mean: 1, stddev: 0.1 }]);
  assert.equal(speeds[0]!.ratio, 1);
  assert.equal(speeds[1]!.ratio, Number.POSITIVE_INFINITY);
  assert.equal(speeds[1]!.stddev, null);
  assert.equal(formatRelative(speeds[1]!), 'n/a');
});

/** "   10.53 ± 0.30 times faster than 'sleep-5ms'" lines from hyperfine's terminal output. */
function hyperfineSummary(text: string): string[] {
  const start = text.indexOf('Summary');
  assert.ok(start >= 0, 'the fixture has hyperfine\'s Summary');
  return text
    .slice(start)
    .split('\n')
    .slice(1)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

for (const name of ['small-commands', 'failed-runs', 'strategies']) {
  test(`the summary of ${name}.json is exactly the one hyperfine printed for it, each line with its corrected test added`, async () => {
    const printed = hyperfineSummary(await readFile(fixture(`hyperfine/${name}.hyperfine-output.txt`), 'utf8'));
    const table = buildTable(await loadRuns([fixture(`hyperfine/${name}.json`)], () => {}));
    const ours = summaryLines(table, 0);
    // What hyperfine printed, then the test: ", Holm-corrected p = ... (Welch's t-test, ...)" or
    // ", but no difference shown (...), equal within ±5% (TOST p = ...)" or "..., not told apart (TOST ±5%: p = ...)".
    const p = String.raw`p (?:= [\d.e-]+|≈ 0)`;
    const note = String.raw`Welch's t-test, \d+ \+ \d+ runs(?:, over \d+ comparisons)?`;
    const welch = new RegExp(
      String.raw`(?:, (?:Holm-corrected )?${p} \(${note}\)|, but no difference shown \((?:Holm-corrected )?${p}; ${note}\), (?:equal within ±5% \(TOST ${p}\)|not told apart \(TOST ±5%: ${p}\)))$`,
    );
    assert.deepEqual(
      ours.map((line) => line.trim().replace(welch, '')),
      printed.map((line) => line.trim()),
    );
    for (const line of ours.slice(1)) assert.match(line, welch, line);
  });
}

test("Mean ± σ, Min, Max and Relative equal hyperfine's own Markdown export of the same run", async () => {
  const cellsOf = (markdown: string) =>
    markdown
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|\s*(Command|Strategy|:-)/.test(line) && !line.startsWith('|:'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/`|\*\*/g, '')));
  const theirs = cellsOf(await readFile(fixture('hyperfine/strategies.hyperfine.md'), 'utf8'));
  assert.equal(theirs.length, 5);
  const table = buildTable(await loadRuns([fixture('hyperfine/strategies.json')], () => {}));
  const ours = cellsOf(resultsTable(table));
  assert.deepEqual(
    ours.map(([strategy, mean, , min, max, , , relative]) => [strategy, mean, min, max, relative]),
    theirs,
  );
});

test('ratios below 0.1 keep two significant digits, so their error never reads as 0.00', async () => {
  const { formatRatio } = await dist<UnitsModule>('report/units.js');
  assert.equal(formatRatio(2.4112, 0.1234), '2.41 ± 0.12');
  assert.equal(formatRatio(0.2134, 0.0201), '0.21 ± 0.02');
  assert.equal(formatRatio(0.02734, 0.00181), '0.027 ± 0.002');
  assert.equal(formatRatio(0.0095, null), '0.0095');
});

test('a result that may not be the reference (the A/A copy) never is: its ratio to the fastest is plain, below 1 when it is faster', () => {
  const speeds = relativeSpeeds([{ mean: 2, stddev: 0.2 }, { mean: 1.8, stddev: 0.2 }, { mean: 3, stddev: 0.3 }], (index) => index !== 1);
  assert.deepEqual(speeds.map((s) => s.isReference), [true, false, false]);
  close(speeds[1]!.ratio, 0.9, 'the copy: 1.8 / 2');
  close(speeds[2]!.ratio, 1.5, 'the others as before');
  assert.equal(fastestIndex([{ mean: 2, stddev: 0 }, { mean: 1, stddev: 0 }], (index) => index === 0), 0);
  assert.throws(() => fastestIndex([{ mean: 1, stddev: 0 }], () => false), /no results/);
});

test('buildTable: X (A/A) beside X is a control (after X, outside the family of tests against the fastest); without X it is a strategy', async () => {
  type Verdict = typeof import('../../src/report/verdict.ts');
  const { testFamily, verdictOf } = await dist<Verdict>('report/verdict.js');
  const result = (command: string, times: number[]) => {
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return { command, mean, stddev: Math.sqrt(times.reduce((a, t) => a + (t - mean) ** 2, 0) / (times.length - 1)), median: mean, user: null, system: null, min: Math.min(...times), max: Math.max(...times), times, exitCodes: null, derived: [] };
  };
  const none = { file: '', status: 'missing' as const, summaries: new Map() };
  const results = [result('async-for (A/A)', [0.9, 0.95, 1]), result('threads-reuse', [3, 3.2, 3.1]), result('async-for', [1, 1.05, 1.1]), result('async-map', [1.1, 1.2, 1.15])];
  const table = buildTable([{ file: 'r.json', results, hyperfineVersion: null, label: 'r', environment: null, metaFile: '', outcomes: none }]);
  assert.deepEqual(table.strategies, ['threads-reuse', 'async-for', 'async-for (A/A)', 'async-map'], 'the copy right after what it copies');
  const row = (name: string) => table.rows.find((r) => r.strategy === name)!;
  assert.equal(row('async-for').relative.isReference, true);
  assert.equal(row('async-for (A/A)').controlOf, 'async-for');
  assert.equal(row('async-for (A/A)').vsFastest, null);
  // The family: threads-reuse and async-map against async-for, Holm over the two.
  const expected = testFamily([[results[1]!.times, results[2]!.times], [results[3]!.times, results[2]!.times]]);
  assert.equal(row('threads-reuse').vsFastest?.family, 2);
  assert.equal(row('threads-reuse').vsFastest?.p, expected[0]!.p);
  assert.equal(row('async-map').vsFastest?.p, expected[1]!.p);
  const raw = [expected[0]!.welch.p, expected[1]!.welch.p];
  const [low, high] = raw[0]! < raw[1]! ? [0, 1] : [1, 0];
  assert.equal(expected[low]!.p, Math.min(1, 2 * raw[low]!), 'Holm: the smaller p times 2');
  assert.equal(expected[high]!.p, Math.max(expected[low]!.p, raw[high]!), 'the larger times 1, never below the one before');
  assert.equal(verdictOf(expected[0]!), expected[0]!.p < 0.05 ? 'differ' : expected[0]!.equivalence?.equivalent ? 'equal' : 'not told apart');
  // Without its original in the run, "X (A/A)" is just a command.
  const alone = buildTable([{ file: 'r.json', results: [results[0]!, results[1]!], hyperfineVersion: null, label: 'r', environment: null, metaFile: '', outcomes: none }]);
  assert.equal(alone.rows[0]!.controlOf, null);
  assert.equal(alone.rows[0]!.relative.isReference, true);
});
