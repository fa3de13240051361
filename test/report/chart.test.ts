// The chart written by the real CLI is well-formed SVG that names every strategy and
// every run, with a title, a time axis with its unit and a legend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { runClient, dist, fixture } from '../helper.ts';
import { checkXml } from './svg.ts';

type ChartModule = typeof import('../../src/report/chart.ts');
type RunSetModule = typeof import('../../src/report/run-set.ts');
type TableModule = typeof import('../../src/report/table.ts');

const { chartSpec, chartData } = await dist<ChartModule>('report/chart.js');
const { loadRuns } = await dist<RunSetModule>('report/run-set.js');
const { buildTable } = await dist<TableModule>('report/table.js');

const STRATEGIES = ORIGINAL_STRATEGIES.map((s) => s.name);

test('the XML check itself rejects broken documents', () => {
  assert.throws(() => checkXml('<svg><g></svg>'));
  assert.throws(() => checkXml('<svg><text>a & b</text></svg>'));
  assert.throws(() => checkXml('<svg width=10></svg>'));
  assert.throws(() => checkXml('<svg></svg><svg></svg>'));
  assert.deepEqual(checkXml('<?xml version="1.0"?><svg a="1"><text>x &amp; y</text><g/></svg>'), { root: 'svg', texts: ['x & y'] });
});

test('report --output writes a well-formed SVG naming every strategy and run, with title, unit and legend', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-chart-'));
  try {
    for (const name of ['strategies.json', 'strategies.meta.json', 'second-run-subset.json', 'second-run-subset.meta.json', 'oldest-fields.json']) {
      await copyFile(fixture(`hyperfine/${name}`), join(dir, name));
    }
    const inputs = ['strategies.json', 'second-run-subset.json', 'oldest-fields.json'].map((name) => join(dir, name));
    const done = await runClient(['report', ...inputs, '--output', dir]);
    assert.equal(done.code, 0, done.stderr);
    const svg = await readFile(join(dir, 'comparison.svg'), 'utf8');
    const { root, texts } = checkXml(svg);
    assert.equal(root, 'svg');
    for (const strategy of STRATEGIES) assert.ok(texts.includes(strategy), `strategy ${strategy} is named in <text>: ${texts.join(' | ')}`);
    // No legend to look up: every bar says which run it is.
    for (const run of ['node24 tiny run', 'node24 second run', 'oldest-fields']) {
      assert.ok(texts.some((t) => t.endsWith(` · ${run}`)), `a bar is labelled with ${run}: ${texts.join(' | ')}`);
    }
    assert.ok(texts.some((t) => t.startsWith('Whole-process time per strategy for 20 requests')), 'chart title with the requests');
    assert.ok(texts.some((t) => /^Wall-clock time per invocation \((ms|s)(, log scale)?\)$/.test(t)), 'time axis with its unit');
    assert.ok(texts.some((t) => t.includes('Tick: median · box: middle 50% of runs · whiskers: fastest to slowest run.')), 'the subtitle explains the marks');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('chart data: boxes from the raw times, whiskers only for exports without them, mean marked when no median', async () => {
  const table = buildTable(await loadRuns([fixture('hyperfine/strategies.json'), fixture('hyperfine/oldest-fields.json')], () => {}));
  const unit = { name: 'ms' as const, factor: 1000 };
  const data = chartData(table, unit);
  const withTimes = data.filter((d) => d.run === 'node24 tiny run');
  const oldest = data.filter((d) => d.run === 'oldest-fields');
  assert.equal(withTimes.length, 5);
  for (const d of withTimes) {
    const { q1, q3, min, center, max } = d;
    assert.ok(q1 !== null && q3 !== null && min !== null && center !== null && max !== null, JSON.stringify(d));
    assert.ok(min <= q1 && q1 <= center && center <= q3 && q3 <= max, JSON.stringify(d));
    assert.equal(d.centerIs, 'median');
  }
  for (const d of oldest) {
    assert.equal(d.q1, null);
    assert.equal(d.centerIs, 'mean');
    assert.match(d.label, /^mean /);
  }
  // Hand check of one box: async-for's five times, R-7 quartiles.
  const times = [...(table.rows.find((r) => r.strategy === 'async-for')!.result.times as number[])].sort((a, b) => a - b);
  const asyncFor = withTimes.find((d) => d.strategy === 'async-for')!;
  assert.ok(Math.abs(asyncFor.q1! - times[1]! * 1000) < 1e-9, 'q1 of 5 values is the 2nd');
  assert.ok(Math.abs(asyncFor.q3! - times[3]! * 1000) < 1e-9, 'q3 of 5 values is the 4th');
});

test('a log time axis when the spread across strategies is wide, linear otherwise', async () => {
  const wide = chartSpec(buildTable(await loadRuns([fixture('hyperfine/small-commands.json')], () => {}))) as { layer: { encoding: { x: { scale?: { type: string } } } }[] };
  assert.equal(wide.layer[0]!.encoding.x.scale?.type, 'log');
  const narrow = chartSpec(buildTable(await loadRuns([fixture('hyperfine/failed-runs.json')], () => {}))) as typeof wide;
  assert.equal(narrow.layer[0]!.encoding.x.scale?.type, 'linear');
});
