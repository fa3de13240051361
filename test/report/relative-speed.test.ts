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
  test(`the summary of ${name}.json is exactly the one hyperfine printed for it, each line with Welch's t-test added`, async () => {
    const printed = hyperfineSummary(await readFile(fixture(`hyperfine/${name}.hyperfine-output.txt`), 'utf8'));
    const table = buildTable(await loadRuns([fixture(`hyperfine/${name}.json`)], () => {}));
    const ours = summaryLines(table, 0);
    // What hyperfine printed, then the test: ", p = ..." or ", but within noise: p = ...".
    const welch = /(, but within noise:|,) p (= [\d.e-]+|≈ 0) \(Welch's t-test, \d+ \+ \d+ runs\)$/;
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
