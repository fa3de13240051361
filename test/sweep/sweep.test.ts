import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, childrenOf, CLIENT_CLI, runNode } from '../helper.ts';

const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0;

interface Point {
  value: number;
  strategy: string;
  meanSeconds: number | null;
  requestsPerSecond: number | null;
  runs: number;
  export: string;
  error?: string;
}
interface Sweep {
  kind: string;
  parameter: string;
  values: number[];
  strategies: string[];
  environment: { conditions: Record<string, unknown> };
  points: Point[];
}

function readSweep(dir: string): Sweep {
  return JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Sweep;
}

/** The chart is a real SVG with a line per strategy named in its legend. */
function assertChart(dir: string, strategies: string[]): void {
  const svg = readFileSync(join(dir, 'chart.svg'), 'utf8');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>\s*$/);
  for (const strategy of strategies) assert.ok(svg.includes(`>${strategy}<`), `legend lacks ${strategy}`);
  assert.match(svg, /requests per second/);
  assert.match(svg, /time per run/);
}

describe('benchmark sweep', { skip: hasHyperfine ? false : 'hyperfine is not installed' }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-sweep-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('sweeps chunk: one point per value and strategy, parsable output, a chart that renders', async () => {
    const out = join(dir, 'chunk');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '4,1', '-s', 'async-limit,noop', '-r', '20', '--runs', '1', '--warmup', '0', '-o', out]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stderr, /sweep \[4\/4\]/);
    const sweep = readSweep(out);
    assert.equal(sweep.kind, 'ntab-sweep');
    assert.equal(sweep.parameter, 'chunk');
    assert.deepEqual(sweep.values, [1, 4]);
    assert.equal(sweep.points.length, 4);
    for (const p of sweep.points) {
      assert.equal(p.error, undefined);
      assert.ok((p.meanSeconds ?? 0) > 0);
      assert.equal(p.runs, 1);
      // The hyperfine export of this point is there and names the strategy.
      const exported = JSON.parse(readFileSync(join(out, p.export), 'utf8')) as { results: { command: string }[] };
      assert.equal(exported.results[0]?.command, p.strategy);
      if (p.strategy === 'noop') assert.equal(p.requestsPerSecond, null);
      else assert.ok((p.requestsPerSecond ?? 0) > 0);
    }
    assert.equal(sweep.environment.conditions.link, 'none');
    assertChart(out, ['async-limit', 'noop']);
    assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /^\| chunk \| async-limit \| noop \|$/m);
  });

  test('sweeps server delay and link RTT, starting a server or proxy per value', async () => {
    for (const param of ['delay', 'rtt']) {
      const out = join(dir, param);
      const ran = await runNode([CLIENT_CLI, 'sweep', '--param', param, '--values', '0,3', '-s', 'async-chunk', '-r', '10', '-c', '5', '--runs', '1', '--warmup', '0', '-o', out]);
      assert.equal(ran.code, 0, ran.stderr);
      const sweep = readSweep(out);
      assert.deepEqual(sweep.points.map((p) => [p.value, p.strategy, p.error]), [[0, 'async-chunk', undefined], [3, 'async-chunk', undefined]]);
      assertChart(out, ['async-chunk']);
    }
    assert.equal(readSweep(join(dir, 'rtt')).environment.conditions.link, 'proxy');
  });

  test('sweeps the Node binary of the client: one labelled point per binary', async () => {
    const out = join(dir, 'node');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--param', 'node', '--values', `${process.execPath},${process.execPath}`, '-s', 'noop', '--runs', '1', '--warmup', '0', '-o', out]);
    assert.equal(ran.code, 0, ran.stderr);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as Sweep & { labels: Record<string, string> };
    assert.deepEqual(sweep.values, [1, 2]);
    assert.deepEqual(sweep.labels, { 1: process.version, 2: `${process.version} #2` });
    assertChart(out, ['noop']);
    assert.ok(readFileSync(join(out, 'chart.svg'), 'utf8').includes(`>${process.version} #2<`));
  });

  test('a failing point makes the sweep exit 1, and the rest is still written', async () => {
    const out = join(dir, 'failing');
    const ran = await runNode(
      [CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '2', '-s', 'async-for,noop', '-r', '5', '--runs', '1', '--warmup', '0', '--target', 'env', '-o', out],
      { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: '1' },
    );
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stderr, /1 of 2 sweep points failed/);
    const sweep = readSweep(out);
    // The client's own reason, not just hyperfine's "non-zero exit code".
    assert.match(sweep.points.find((p) => p.strategy === 'async-for')?.error ?? '', /^error: 5 of 5 requests .* failed: ECONNREFUSED/);
    assert.equal(sweep.points.find((p) => p.strategy === 'noop')?.error, undefined);
    assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /failed/);
    assert.ok(statSync(join(out, 'chart.svg')).size > 0);
  });

  test('Ctrl-C stops the sweep and leaves no server, proxy or hyperfine behind', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const out = join(dir, 'interrupted');
    const child = spawn(process.execPath, [CLIENT_CLI, 'sweep', '--param', 'rtt', '--values', '1,2', '-s', 'async-limit', '-r', '50', '-c', '1', '--runs', '20', '--warmup', '0', '-o', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // Wait until the sweep has started its server, proxy and hyperfine.
    let children: number[] = [];
    for (let i = 0; i < 200 && children.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      children = childrenOf(child.pid as number);
    }
    assert.ok(children.length >= 3, `children: ${children.join(' ')}; ${stderr}`);
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 130, stderr);
    // hyperfine may take a moment to reap its own run.
    for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(children.filter(alive), []);
  });

  test('--redraw renders the chart again from sweep.json alone', async () => {
    const out = join(dir, 'chunk');
    rmSync(join(out, 'chart.svg'));
    writeFileSync(join(out, 'sweep.md'), '');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--redraw', out]);
    assert.equal(ran.code, 0, ran.stderr);
    assertChart(out, ['async-limit', 'noop']);
    assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /^# Time for 20 requests vs concurrency C, loopback, no server delay$/m);
  });

  test('bad usage exits 2 with one clear line and runs nothing', async () => {
    const out = join(dir, 'never');
    for (const args of [
      ['--preset', 'nope'],
      [],
      ['--param', 'chunk'],
      ['--param', 'chunk', '--values', '0,2'],
      ['--param', 'delay', '--values', '1,x'],
      ['--param', 'delay', '--values', '1', '--target', 'env'],
      ['--preset', 'concurrency', '-s', 'async-for,bogus'],
      ['--preset', 'latency', '--delay', 'uniform:2'],
      ['--param', 'size', '--values', '1'],
      ['--param', 'node', '--values', '/nonexistent/node'],
    ]) {
      const ran = await runNode([CLIENT_CLI, 'sweep', ...args, '-o', out]);
      assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, /^error: /m);
      assert.doesNotMatch(ran.stderr, /\n\s+at /);
    }
    assert.ok(!existsSync(out));
  });

  test('--help and --list-presets', async () => {
    const help = await runNode([CLIENT_CLI, 'sweep', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /concurrency/);
    const list = await runNode([CLIENT_CLI, 'sweep', '--list-presets']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^concurrency\s+chunk = 1,2,4,8,16,32,64,128,256,512/m);
    assert.match(list.stdout, /^latency\s+delay = 0,1,2,5,10,20,50/m);
  });
});
