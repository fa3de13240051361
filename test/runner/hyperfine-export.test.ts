// Parsing real hyperfine exports (1.15 as written here, and copies trimmed to older and
// newer field sets), and the errors for exports that are not usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { dist, fixture } from '../helper.ts';

type ExportModule = typeof import('../../src/runner/hyperfine-export.ts');
type TableModule = typeof import('../../src/report/table.ts');
type RunSetModule = typeof import('../../src/report/run-set.ts');

const { readHyperfineExport, parseHyperfineExport } = await dist<ExportModule>('runner/hyperfine-export.js');
const { DataError } = await dist<typeof import('../../src/common/json.ts')>('common/json.js');
const { buildTable } = await dist<TableModule>('report/table.js');
const { loadRuns } = await dist<RunSetModule>('report/run-set.js');

/** A run without an outcomes file beside it. */
const NO_OUTCOMES = { file: '', status: 'missing' as const, summaries: new Map() };
const STRATEGIES = ORIGINAL_STRATEGIES.map((s) => s.name);

test('a real 1.15 export of the five strategies: every field read as written', async () => {
  const exported = await readHyperfineExport(fixture('hyperfine/strategies.json'));
  const raw = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(fixture('hyperfine/strategies.json'), 'utf8'))) as {
    results: { command: string; mean: number; stddev: number; median: number; min: number; max: number; user: number; system: number; times: number[] }[];
  };
  assert.deepEqual(exported.results.map((r) => r.command), STRATEGIES);
  exported.results.forEach((result, i) => {
    const source = raw.results[i]!;
    assert.equal(result.mean, source.mean);
    assert.equal(result.stddev, source.stddev);
    assert.equal(result.median, source.median);
    assert.equal(result.min, source.min);
    assert.equal(result.max, source.max);
    assert.equal(result.user, source.user);
    assert.equal(result.system, source.system);
    assert.deepEqual(result.times, source.times);
    assert.deepEqual(result.exitCodes, [0, 0, 0, 0, 0]);
    assert.deepEqual(result.derived, []);
  });
});

test('an older export without median: the median computed from times equals the one hyperfine wrote', async () => {
  const full = await readHyperfineExport(fixture('hyperfine/strategies.json'));
  const older = await readHyperfineExport(fixture('hyperfine/older-without-median.json'));
  older.results.forEach((result, i) => {
    assert.deepEqual(result.derived, ['median']);
    assert.ok(Math.abs((result.median as number) - (full.results[i]!.median as number)) < 1e-12, result.command);
    assert.equal(result.exitCodes, null);
  });
  const table = buildTable([{ ...older, label: 'older', environment: null, metaFile: '', outcomes: NO_OUTCOMES }]);
  assert.ok(table.rows.every((row) => row.failedRuns === null), 'unknown, not zero, failures');
});

test('the oldest field set (no times, no median) still loads; the missing values stay missing', async () => {
  const oldest = await readHyperfineExport(fixture('hyperfine/oldest-fields.json'));
  assert.equal(oldest.results.length, 5);
  for (const result of oldest.results) {
    assert.equal(result.times, null);
    assert.equal(result.median, null);
    assert.equal(result.exitCodes, null);
    assert.equal(typeof result.stddev, 'number');
  }
});

test('newer exports with metadata, memory_usage_byte and parameters load; the hyperfine version is read', async () => {
  const newer = await readHyperfineExport(fixture('hyperfine/newer-fields.json'));
  assert.equal(newer.hyperfineVersion, '1.20.0');
  assert.deepEqual(newer.results.map((r) => r.command), ['sleep-20ms', 'sleep-5ms', 'true']);
});

test('failed runs kept by hyperfine -i: exit codes read and counted per strategy', async () => {
  const failed = await readHyperfineExport(fixture('hyperfine/failed-runs.json'));
  assert.deepEqual(
    failed.results.map((r) => [r.command, r.exitCodes]),
    [
      ['succeeds', [0, 0, 0, 0]],
      ['fails', [1, 1, 1, 1]],
      ['exits-3', [3, 3, 3, 3]],
    ],
  );
  const table = buildTable([{ ...failed, label: 'f', environment: null, metaFile: '', outcomes: NO_OUTCOMES }]);
  assert.deepEqual(table.rows.map((row) => row.failedRuns), [0, 4, 4]);
});

test('a single run: stddev is null (as hyperfine writes it), not zero', async () => {
  const single = await readHyperfineExport(fixture('hyperfine/single-run.json'));
  assert.equal(single.results[0]!.stddev, null);
  assert.equal(single.results[0]!.times?.length, 1);
});

test('labels: from the .meta.json beside the export, else the file name; duplicates made unique', async () => {
  const warnings: string[] = [];
  const runs = await loadRuns([fixture('hyperfine/strategies.json'), fixture('hyperfine/small-commands.json'), fixture('hyperfine/strategies.json')], (m) => warnings.push(m));
  assert.deepEqual(runs.map((r) => r.label), ['node24 tiny run (strategies.json)', 'small-commands', 'node24 tiny run (strategies.json) #2']);
  assert.equal(runs[0]!.environment?.node, '24.21.0');
  assert.equal(runs[1]!.environment, null);
  assert.deepEqual(warnings, []);
});

test('exports that are not usable: DataError naming the file, the field and the problem', () => {
  const cases: [unknown, RegExp][] = [
    [[1, 2], /not a hyperfine JSON export/],
    [{ name: 'some-package', version: '1.0.0' }, /not a hyperfine JSON export/],
    [{ results: {} }, /results must be array/],
    [{ results: [] }, /results must not have fewer than 1 items/],
    [{ results: [{ mean: 1 }] }, /results\[0\]\.command is missing/],
    [{ results: [{ command: 'x', mean: '1.0' }] }, /results\[0\]\.mean must be number, got "1\.0"/],
    [{ results: [{ command: 'x', mean: 1, times: [1, 'a'] }] }, /results\[0\]\.times\[1\] must be number, got "a"/],
    [{ results: [{ command: 'x', mean: 1, exit_codes: [0, 1.5] }] }, /results\[0\]\.exit_codes\[1\] must be integer or null, got 1\.5/],
    [{ results: [{ command: 'x', mean: 1, stddev: 'big' }] }, /results\[0\]\.stddev must be number or null, got "big"/],
    // Negative or infinite times (JSON's 1e400 parses to Infinity) are damaged data, never a report.
    [{ results: [{ command: 'x', mean: -0.5 }] }, /results\[0\]\.mean must be >= 0, got -0\.5/],
    [JSON.parse('{"results": [{"command": "x", "mean": 1e400}]}'), /results\[0\]\.mean must be number, got Infinity/],
    [{ results: [{ command: 'x', mean: 1, times: [0.5, -0.1] }] }, /results\[0\]\.times\[1\] must be >= 0, got -0\.1/],
    [{ results: [{ command: 'x', mean: 1, min: -1 }] }, /results\[0\]\.min must be >= 0, got -1/],
    [JSON.parse('{"results": [{"command": "x", "mean": 1, "user": -1e400}]}'), /results\[0\]\.user must be number or null, got -Infinity/],
    // Statistics that contradict each other: a damaged or hand-made export.
    [{ results: [{ command: 'x', mean: 1, min: 2, max: 1 }] }, /results\[0\] \("x"\) is inconsistent: min 2 is above max 1/],
    [{ results: [{ command: 'x', mean: 5, min: 1, max: 2 }] }, /is inconsistent: mean 5 is above max 2/],
    [{ results: [{ command: 'x', mean: 1.5, median: 3, min: 1, max: 2 }] }, /is inconsistent: median 3 is outside min–max/],
    [{ results: [{ command: 'x', mean: 1.5, min: 1, max: 2, times: [1, 1.7] }] }, /is inconsistent: min and max do not match its times/],
    [{ results: Array.from({ length: 501 }, (_, i) => ({ command: `c${i}`, mean: 1 })) }, /: 501 commands: more than the 500 one export may hold \(a report of thousands cannot be drawn\); split the run$/],
  ];
  for (const [data, message] of cases) {
    assert.throws(
      () => parseHyperfineExport('some/file.json', data),
      (error: unknown) => error instanceof DataError && error.message.startsWith('some/file.json: ') && message.test(error.message),
      JSON.stringify(data).slice(0, 200),
    );
  }
});
