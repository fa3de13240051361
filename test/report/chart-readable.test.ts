// Charts people can read without the text around them: they fit a README column (at most
// 900 px wide) with no text under 11 px, every strategy has the same colour in every chart
// (the registry's), titles say what was compared and under which conditions, delay and RTT
// values carry their unit, and commands from any export (the Python original's run.sh
// included) are labelled by their strategy. Rendered by the real code, read from the SVG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStrategy } from '../../src/strategies/registry.ts';
import { ROOT, dist, fixture } from '../helper.ts';
import { checkXml, colorsByStrategy, fontSizes, svgWidth } from './svg.ts';

type ChartModule = typeof import('../../src/report/chart.ts');
type RunSetModule = typeof import('../../src/report/run-set.ts');
type TableModule = typeof import('../../src/report/table.ts');
type SweepChartModule = typeof import('../../src/sweep/chart.ts');

const { renderChartSvg } = await dist<ChartModule>('report/chart.js');
const { loadRuns } = await dist<RunSetModule>('report/run-set.js');
const { buildTable } = await dist<TableModule>('report/table.js');
const sweepChart = await dist<SweepChartModule>('sweep/chart.js');
const { parseLabel } = await dist<typeof import('../../src/strategies/label.ts')>('strategies/label.js');

const hyperfine = (name: string) => fixture(`hyperfine/${name}`);
const suite = (name: string) => fixture(`suite/${name}`);

async function reportChart(...files: string[]): Promise<string> {
  return renderChartSvg(buildTable(await loadRuns(files, () => {})));
}

/** The committed sweeps, each as its sweep.json says (rendered here, nothing written). */
const SWEEPS = readdirSync(join(ROOT, 'docs/sweeps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

async function sweepSvg(name: string): Promise<string> {
  return sweepChart.renderSvg(JSON.parse(readFileSync(join(ROOT, 'docs/sweeps', name, 'sweep.json'), 'utf8')) as Parameters<typeof sweepChart.renderSvg>[0]);
}

function assertReadable(what: string, svg: string): void {
  checkXml(svg);
  const width = svgWidth(svg);
  assert.ok(width <= 900, `${what}: ${width} px wide, more than a README column`);
  const sizes = fontSizes(svg);
  assert.ok(sizes.length > 0, `${what}: has text`);
  assert.ok(Math.min(...sizes) >= 11, `${what}: text of ${Math.min(...sizes)} px (at most 900 px wide, nothing under 11 px)`);
}

test('every report chart fits a README column with text of 11 px or more', async () => {
  assertReadable('five strategies', await reportChart(hyperfine('strategies.json')));
  assertReadable('three runs side by side', await reportChart(hyperfine('strategies.json'), hyperfine('second-run-subset.json'), hyperfine('oldest-fields.json')));
  assertReadable('a did-not-fit row', await reportChart(suite('did-not-fit.json')));
  assertReadable('ours and the original, two servers', await reportChart(suite('side-by-side-our-server.json'), suite('side-by-side-original-server.json')));
  assertReadable("the Python original's own export", await reportChart(suite('python-original.json')));
});

test('every committed sweep chart fits a README column with text of 11 px or more (the netns one was 1,307 px)', async () => {
  assert.ok(SWEEPS.includes('netns-rtt2'), `the committed sweeps: ${SWEEPS.join(', ')}`);
  for (const name of SWEEPS) assertReadable(`docs/sweeps/${name}`, await sweepSvg(name));
});

test("one colour per strategy, the registry's, in a report chart and a sweep chart alike", async () => {
  const report = colorsByStrategy(await reportChart(hyperfine('strategies.json')), 'strategy');
  const sweep = colorsByStrategy(await sweepSvg('concurrency'), 'Strategy');
  const shared = [...report.keys()].filter((name) => sweep.has(name));
  assert.ok(shared.includes('async-for') && shared.includes('threads-reuse'), `strategies in both charts: ${shared.join(', ')}`);
  for (const name of shared) {
    const color = findStrategy(name)!.color.toLowerCase();
    assert.deepEqual([...report.get(name)!], [color], `${name} in the report chart`);
    assert.deepEqual([...sweep.get(name)!], [color], `${name} in the sweep chart`);
  }
  // Every strategy of every committed sweep in its own colour, whatever the sweep's order;
  // a variant at its own C ("threads-reuse c=2") in its strategy's.
  for (const name of SWEEPS) {
    for (const [strategy, colors] of colorsByStrategy(await sweepSvg(name), 'Strategy')) {
      assert.deepEqual([...colors], [parseLabel(strategy)!.strategy.color.toLowerCase()], `${strategy} in docs/sweeps/${name}`);
    }
  }
});

test("the Python original's client: a fixed paler colour of the strategy's, the same in every chart", async () => {
  const both = colorsByStrategy(await reportChart(suite('side-by-side-our-server.json'), suite('side-by-side-original-server.json')), 'strategy');
  const one = colorsByStrategy(await reportChart(suite('side-by-side-original-server.json')), 'strategy');
  for (const name of ['threads-recreate', 'threads-reuse', 'threads-map', 'async-for', 'async-map']) {
    const ours = [...both.get(name)!];
    const original = [...both.get(`original-${name}`)!];
    assert.deepEqual(ours, [findStrategy(name)!.color.toLowerCase()], name);
    assert.equal(original.length, 1, `original-${name}: one colour`);
    assert.notEqual(original[0], ours[0], `original-${name} is told apart from ${name}`);
    assert.deepEqual([...one.get(`original-${name}`)!], original, `original-${name}: the same colour in another chart`);
    // Paler: every channel at least as light as the strategy's own colour.
    const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    channels(original[0]!).forEach((c, i) => assert.ok(c >= channels(ours[0]!)[i]!, `original-${name} ${original[0]} is paler than ${ours[0]}`));
  }
});

test('titles say what is compared and under which conditions; delay and RTT values carry ms', async () => {
  const titleOf = (svg: string) => checkXml(svg).texts;
  assert.ok(titleOf(await reportChart(hyperfine('strategies.json'))).includes('Whole-process time per strategy for 20 requests (lower is faster)'));
  const concurrency = titleOf(await sweepSvg('concurrency'));
  assert.ok(concurrency.includes('Time for 1000 requests vs concurrency C, loopback, no server delay'), concurrency.slice(-8).join(' | '));
  const latency = titleOf(await sweepSvg('latency'));
  assert.ok(latency.includes('Time for 1000 requests vs server delay, C = 100, loopback'), latency.slice(-8).join(' | '));
  for (const value of ['0 ms', '5 ms', '50 ms']) assert.ok(latency.includes(value), `the delay axis shows ${value}`);
  assert.ok(latency.includes('Server delay per request, ms (symlog scale)'));
  const rtt = titleOf(await sweepSvg('rtt'));
  assert.ok(rtt.includes('20 ms') && rtt.includes('Link round-trip time, ms (symlog scale)'));
  assert.ok(!concurrency.some((t) => /Sweep over/.test(t)) && !latency.some((t) => /Sweep over/.test(t)));
  // The netns link as netns-run.sh described it, in the title (it may wrap onto a second line).
  assert.match(titleOf(await sweepSvg('netns-rtt2')).join(' '), /Time for 256 requests vs concurrency C, netns veth, link proxy, rtt 2 ms/);
});

test("the Python original's run.sh export: every bar and row named by its strategy, not '/usr/bin/python3 …'", async () => {
  const raw = JSON.parse(readFileSync(suite('python-original.json'), 'utf8')) as { results: { command: string }[] };
  assert.ok(raw.results.every((r) => r.command.startsWith('/usr/bin/python3 benchmark.py ')), 'the fixture is the original run.sh export');
  const { texts } = checkXml(await reportChart(suite('python-original.json')));
  for (const name of ['threads-recreate', 'threads-reuse', 'threads-map', 'async-for', 'async-map']) assert.ok(texts.includes(name), `${name}: ${texts.join(' | ')}`);
  assert.ok(!texts.some((t) => t.includes('python3') || t.includes('…')), 'no command line and nothing cut short');
});

test('a strategy that did not fit keeps a labelled row in the chart; a busy machine is said in the subtitle', async () => {
  const { texts } = checkXml(await reportChart(suite('did-not-fit.json')));
  assert.ok(texts.includes('threads-map'), 'its row is labelled');
  assert.ok(texts.includes('did not fit: needs ~380 MiB, 1,500 mappings'), texts.join(' | '));
  assert.ok(texts.some((t) => t.includes('Measured on a busy machine: load 38.2 at start, 34.1 at end, 2 cores: noisy.')), 'busy');
  const quiet = checkXml(await reportChart(hyperfine('small-commands.json'))).texts;
  assert.ok(!quiet.some((t) => t.includes('busy')), 'no record, no claim');
});
