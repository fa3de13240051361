import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, childrenOf, CLIENT_CLI, hasStackTrace, runNode, type OutcomeLine, dist } from '../helper.ts';

const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0;

interface Point {
  value: number;
  strategy: string;
  chunk: number;
  cores: number;
  meanSeconds: number | null;
  requestsPerSecond: number | null;
  runs: number;
  times: number[];
  export: string;
  outcomes: string;
  inProcess: { times: number[]; medianSeconds: number; meanSeconds: number; requestsPerSecond: number | null } | null;
  error?: string;
}
interface Sweep {
  kind: string;
  parameter: string;
  values: number[];
  strategies: string[];
  fixed: { warm: boolean; runs: number; warmup: number; requests: number };
  environment: { conditions: Record<string, unknown>; loadAverage: number[]; loadAverageAtEnd: number[]; finishedAt: string; cpuCount: number };
  planned: number;
  crossover?: { figure: string; sentence: string };
  aa?: [string, string][];
  workUnitsPerMs?: number;
  points: Point[];
}

/** A point's invocations from the run's outcomes file (its command name: "chunk=3 async-limit"). */
function readOutcomes(dir: string, sweep: Sweep, point: Point): (OutcomeLine & { round: number })[] {
  const value = sweep.parameter === 'chunk' || sweep.parameter === 'requests' ? String(point.value) : `${point.value} ms`;
  return readFileSync(join(dir, point.outcomes), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutcomeLine & { round: number })
    .filter((line) => line.strategy === `${sweep.parameter}=${value} ${point.strategy}`);
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
    const ran = await runNode([CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '4,1', '-s', 'async-limit,noop', '-q', '20', '--runs', '1', '--warmup', '0', '-o', out]);
    assert.equal(ran.code, 0, ran.stderr);
    // One round of every point, in a shuffled order, each invocation a line.
    assert.equal(ran.stderr.match(/^sweep: \[round 1\] chunk=[14] (async-limit|noop) run 1 of 1: /gm)?.length, 4, ran.stderr);
    const sweep = readSweep(out);
    assert.equal(sweep.kind, 'ntab-sweep');
    assert.equal(sweep.parameter, 'chunk');
    assert.deepEqual(sweep.values, [1, 4]);
    assert.equal(sweep.points.length, 4);
    for (const p of sweep.points) {
      assert.equal(p.error, undefined);
      assert.ok((p.meanSeconds ?? 0) > 0);
      assert.equal(p.runs, 1);
      // The run's export (hyperfine's shape) has the point under its command name.
      const exported = JSON.parse(readFileSync(join(out, p.export), 'utf8')) as { results: { command: string; times: number[] }[] };
      assert.deepEqual(exported.results.find((r) => r.command === `chunk=${p.value} ${p.strategy}`)?.times, p.times);
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
      const ran = await runNode([CLIENT_CLI, 'sweep', '--param', param, '--values', '0,3', '-s', 'async-chunk', '-q', '10', '-c', '5', '--runs', '1', '--warmup', '0', '-o', out]);
      assert.equal(ran.code, 0, ran.stderr);
      const sweep = readSweep(out);
      assert.deepEqual(sweep.points.map((p) => [p.value, p.strategy, p.error]), [[0, 'async-chunk', undefined], [3, 'async-chunk', undefined]]);
      assertChart(out, ['async-chunk']);
    }
    assert.equal(readSweep(join(dir, 'rtt')).environment.conditions.link, 'proxy');
  });

  test('sweeps the runtime of the client (--param node is its old name): one labelled point per binary', async () => {
    const out = join(dir, 'node');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--param', 'node', '--values', `${process.execPath},${process.execPath}`, '-s', 'noop', '--runs', '1', '--warmup', '0', '-o', out]);
    assert.equal(ran.code, 0, ran.stderr);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as Sweep & { labels: Record<string, string> };
    assert.equal(sweep.parameter, 'runtime');
    assert.deepEqual(sweep.values, [1, 2]);
    const name = `node ${process.versions.node}`;
    assert.deepEqual(sweep.labels, { 1: name, 2: `${name} #2` });
    assertChart(out, ['noop']);
    assert.ok(readFileSync(join(out, 'chart.svg'), 'utf8').includes(`>${name} #2<`));
  });

  test('a failing point makes the sweep exit 1, and the rest is still written', async () => {
    const out = join(dir, 'failing');
    const ran = await runNode(
      [CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '2', '-s', 'async-for,noop', '-q', '5', '--runs', '1', '--warmup', '0', '--target', 'env', '-o', out],
      { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: '1' },
    );
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stderr, /1 of 2 sweep points failed/);
    const sweep = readSweep(out);
    // The client's own reason, not just hyperfine's "non-zero exit code".
    assert.match(sweep.points.find((p) => p.strategy === 'async-for')?.error ?? '', /^5 of 5 requests .* failed: ECONNREFUSED/);
    assert.equal(sweep.points.find((p) => p.strategy === 'noop')?.error, undefined);
    // A server given by BENCHMARK_SERVER_HOST is not claimed to be on loopback.
    assert.deepEqual([sweep.environment.conditions.network, sweep.environment.conditions.link], ['the network to BENCHMARK_SERVER_HOST', 'not described']);
    assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /failed/);
    assert.ok(statSync(join(out, 'chart.svg')).size > 0);
  });

  test('Ctrl-C stops the sweep and leaves no server, proxy or hyperfine behind', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const out = join(dir, 'interrupted');
    const child = spawn(process.execPath, [CLIENT_CLI, 'sweep', '--param', 'rtt', '--values', '1,2', '-s', 'async-limit', '-q', '50', '-c', '1', '--runs', '20', '--warmup', '0', '-o', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // Wait until the sweep has started its servers, proxies and hyperfine (every target is up before the first round).
    let children: number[] = [];
    for (let i = 0; i < 200 && children.length < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      children = childrenOf(child.pid as number);
    }
    assert.ok(children.length >= 5, `children: ${children.join(' ')}; ${stderr}`);
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 130, stderr);
    // hyperfine may take a moment to reap its own run.
    for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(children.filter(alive), []);
  });

  test("every point keeps its per-run times and each invocation's outcome, warmups first and marked; rounds interleave the points", async () => {
    const out = join(dir, 'kept');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '3', '-s', 'async-limit,noop', '-q', '12', '--runs', '2', '--warmup', '1', '--seed', '7', '--aa', '-o', out]);
    assert.equal(ran.code, 0, ran.stderr);
    const sweep = readSweep(out);
    // The load at start and at end, where the report and `npm run results` read them.
    assert.equal(sweep.environment.loadAverage.length, 3);
    assert.equal(sweep.environment.loadAverageAtEnd.length, 3);
    assert.ok(Date.parse(sweep.environment.finishedAt) >= Date.parse((sweep as unknown as { startedAt: string }).startedAt));
    // The A/A control: the first event-loop strategy a second time, under its own name.
    assert.deepEqual(sweep.strategies, ['async-limit', 'async-limit (A/A)', 'noop']);
    assert.deepEqual(sweep.aa, [['async-limit', 'async-limit (A/A)']]);
    assert.equal(sweep.planned, 3);
    assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /^## A\/A control$/m);
    for (const p of sweep.points) {
      const exported = JSON.parse(readFileSync(join(out, p.export), 'utf8')) as { results: { command: string; times: number[] }[] };
      assert.deepEqual(p.times, exported.results.find((r) => r.command === `chunk=3 ${p.strategy}`)?.times, `${p.strategy}: the raw times are the export's`);
      assert.equal(p.times.length, 2);
      assert.equal(p.outcomes, 'runs.outcomes.jsonl');
      assert.equal(p.cores, availableParallelism());
      assert.equal(p.chunk, 3);
      const lines = readOutcomes(out, sweep, p);
      assert.deepEqual(lines.map((l) => [l.invocation, l.of, l.warmup, l.round]), [[1, 3, true, 1], [2, 3, false, 2], [3, 3, false, 3]]);
      for (const line of lines) assert.equal(line.outcome?.test, p.strategy.replace(' (A/A)', ''));
      // In-process: the measured invocations' own clocks, never the warmup's.
      assert.deepEqual(p.inProcess?.times, lines.slice(1).map((l) => l.outcome?.elapsedSeconds));
    }
    assert.equal(sweep.points.find((p) => p.strategy === 'noop')?.inProcess?.requestsPerSecond, null);
    // The rounds as run, from the recorded seed: every point once per round.
    const meta = JSON.parse(readFileSync(join(out, 'runs.meta.json'), 'utf8')) as { rounds: { seed: number; order: string[][] } };
    assert.equal(meta.rounds.seed, 7);
    assert.equal(meta.rounds.order.length, 3);
    for (const order of meta.rounds.order) assert.deepEqual([...order].sort(), ['chunk=3 async-limit', 'chunk=3 async-limit (A/A)', 'chunk=3 noop']);
  });

  test('Ctrl-C after the first point keeps sweep.json, sweep.md and the chart with that point', async () => {
    const out = join(dir, 'stopped');
    // Its own temporary directory, to see that the outcomes being appended are cleaned up.
    const temporary = join(dir, 'stopped-tmp');
    mkdirSync(temporary);
    // noop is quick; async-limit then runs long enough to be interrupted.
    const child = spawn(process.execPath, [CLIENT_CLI, 'sweep', '--param', 'chunk', '--values', '1', '-s', 'noop,async-limit', '-q', '2000', '--runs', '30', '--warmup', '0', '-o', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TMPDIR: temporary },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // The first round done (both points once), the second under way.
    for (let i = 0; i < 300 && !/\[round 2\]/.test(stderr); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(existsSync(join(out, 'chart.svg')), `the first round was written: ${stderr}`);
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 130, stderr);
    const sweep = readSweep(out);
    assert.deepEqual(sweep.points.map((p) => [p.value, p.strategy, p.error]).sort(), [[1, 'async-limit', undefined], [1, 'noop', undefined]]);
    assert.ok(sweep.points.every((p) => p.runs >= 1 && p.runs < 30), 'what was measured so far, not the runs asked for');
    assert.match(readFileSync(join(out, 'runs.meta.json'), 'utf8'), /"incomplete": "stopped by SIGINT/);
    assertChart(out, ['noop', 'async-limit']);
    assert.deepEqual(readdirSync(temporary).filter((name) => name.startsWith('ntab-')), [], 'no scratch files left');
    // What it was measuring when stopped redraws like any sweep.
    const redraw = await runNode([CLIENT_CLI, 'sweep', '--redraw', out]);
    assert.equal(redraw.code, 0, redraw.stderr);
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

  test('--redraw on a damaged sweep.json exits 2 with one line and writes nothing', async () => {
    const good = JSON.parse(readFileSync(join(dir, 'chunk', 'sweep.json'), 'utf8')) as Record<string, any>;
    const edit = (change: (s: Record<string, any>) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy, null, 2);
    };
    const cases: [string, string, RegExp][] = [
      ['empty', '{"kind":"ntab-sweep","version":1,"points":[],"values":[]}', /sweep\.json: preset is missing/],
      ['types', edit((s) => (s.values = 'one,four')), /values must be array, got "one,four"/],
      ['foreign value', edit((s) => (s.points[0].value = 3)), /points\[0\]\.value must be one of values \(1, 4\), got 3/],
      ['NaN text', edit((s) => (s.points[1].meanSeconds = 'NaN')), /points\[1\]\.meanSeconds must be number or null, got "NaN"/],
      ['NaN literal', JSON.stringify(good).replace(/"meanSeconds":[\d.e-]+/, '"meanSeconds":NaN'), /sweep\.json: malformed JSON/],
      ['negative', edit((s) => (s.points[1].stddevSeconds = -1)), /points\[1\]\.stddevSeconds must be >= 0, got -1/],
      ['not JSON', '{"kind": "ntab-sweep"', /sweep\.json: malformed JSON/],
    ];
    for (const [name, text, message] of cases) {
      const out = join(dir, `damaged-${name.replace(/ /g, '-')}`);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'sweep.json'), text);
      writeFileSync(join(out, 'chart.svg'), '<svg>old</svg>');
      const ran = await runNode([CLIENT_CLI, 'sweep', '--redraw', out]);
      assert.equal(ran.code, 2, `${name}: ${ran.stderr}`);
      assert.match(ran.stderr, /^error: /, name);
      assert.match(ran.stderr, message, name);
      assert.equal(ran.stderr.trim().split('\n').length, 1, `${name}: one line: ${ran.stderr}`);
      assert.ok(!hasStackTrace(ran.stderr), ran.stderr);
      assert.equal(readFileSync(join(out, 'sweep.json'), 'utf8'), text, `${name}: sweep.json untouched`);
      assert.equal(readFileSync(join(out, 'chart.svg'), 'utf8'), '<svg>old</svg>', `${name}: chart untouched`);
      assert.ok(!existsSync(join(out, 'sweep.md')), `${name}: no sweep.md written`);
    }
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
      ['--param', 'work', '--values', '-1'],
      ['--preset', 'work', '-s', 'threads-reuse c=0'],
      ['--preset', 'work', '-s', 'async-for,async_for'],
      ['--param', 'chunk', '--values', '1', '-s', 'threads-reuse c=2'],
      // Prototype names are no presets.
      ['--preset', 'toString'],
      ['--preset', 'constructor'],
      ['--param', 'chunk', '--values', '1', '-s', 'async-for', '--aa', 'async-limit'],
      ['--param', 'work', '--values', '1', '--runs', '5', '--max-runs', '2'],
    ]) {
      const ran = await runNode([CLIENT_CLI, 'sweep', ...args, '-o', out]);
      assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, /^error: /m);
      assert.doesNotMatch(ran.stderr, /\n\s+at /);
    }
    assert.ok(!existsSync(out));
  });

  test('the work preset: values in ms, warm, every thread design at one thread per core against the event loop', async () => {
    const { planFromFlags } = await dist<typeof import('../../src/sweep/run-sweep.ts')>('sweep/run-sweep.js');
    const flags = { delay: '0', rtt: 0, runtime: process.execPath, connections: 100, target: 'own' as const, listPresets: false, warm: false };
    const plan = planFromFlags({ ...flags, preset: 'work' }, 'test');
    const cores = availableParallelism();
    assert.equal(plan.parameter, 'work');
    assert.deepEqual(plan.values, [0, 0.1, 0.5, 1, 2, 5, 10]);
    assert.deepEqual(plan.variants.map((v) => [v.text, v.strategy.name, v.chunk]), [
      [`threads-reuse c=${cores}`, 'threads-reuse', cores],
      ['threads-async', 'threads-async', null],
      ['async-offload', 'async-offload', null],
      ['async-limit', 'async-limit', null],
      ['async-for', 'async-for', null],
    ]);
    assert.deepEqual([plan.fixed.requests, plan.fixed.chunk, plan.fixed.warmup, plan.fixed.runs, plan.fixed.warm, plan.maxRuns], [1000, 100, 1, 5, true, 15]);
    // The work parameter is warm without the preset too; other sweeps only when asked.
    assert.equal(planFromFlags({ ...flags, param: 'work', values: '0,2' }, 'test').fixed.warm, true);
    assert.equal(planFromFlags({ ...flags, param: 'chunk', values: '1' }, 'test').fixed.warm, false);
    assert.equal(planFromFlags({ ...flags, param: 'chunk', values: '1', warm: true }, 'test').fixed.warm, true);
  });

  test('a tiny work sweep: in-process and whole-process times, the cores per point, a crossover line', async () => {
    const out = join(dir, 'work');
    const ran = await runNode([CLIENT_CLI, 'sweep', '--preset', 'work', '-q', '40', '--values', '0,1', '--runs', '2', '--max-runs', '2', '--warmup', '0', '-o', out], {}, 300_000);
    assert.equal(ran.code, 0, ran.stderr);
    // The crossovers, computed from the data, printed at the end: one sentence per thread design.
    assert.match(ran.stderr, /^sweep: `threads-reuse c=\d+` (beats|does not beat) .*nominal CPU work per response/m);
    const sweep = readSweep(out);
    const cores = availableParallelism();
    assert.deepEqual(sweep.strategies, [`threads-reuse c=${cores}`, 'threads-async', 'async-offload', 'async-limit', 'async-for']);
    assert.equal(sweep.fixed.warm, true);
    assert.equal(sweep.points.length, 10);
    assert.equal(sweep.crossover?.figure, 'in-process');
    assert.ok(ran.stderr.includes(sweep.crossover?.sentence ?? '-'), 'the line printed is the one stored');
    for (const p of sweep.points) {
      assert.equal(p.error, undefined, `${p.strategy} at ${p.value}`);
      assert.equal(p.cores, cores);
      assert.equal(p.chunk, p.strategy === `threads-reuse c=${cores}` ? cores : 100);
      assert.equal(p.inProcess?.times.length, 2);
      // Every invocation ran warm, with the swept work and its own C.
      for (const line of readOutcomes(out, sweep, p)) {
        assert.equal(line.outcome?.warm, true);
        assert.equal(line.outcome?.workMs, p.value);
        assert.equal(line.outcome?.chunk, p.chunk);
        // One calibration, the sweep's, for every invocation: the same work for every strategy at a point.
        if (p.value > 0) {
          assert.equal(line.outcome?.workUnitsPerMs, sweep.workUnitsPerMs);
          assert.equal(line.outcome?.workUnits, Math.round(p.value * (sweep.workUnitsPerMs ?? Number.NaN)));
        }
      }
    }
    assert.ok((sweep.workUnitsPerMs ?? 0) > 0, 'the calibration is kept in sweep.json');
    const md = readFileSync(join(out, 'sweep.md'), 'utf8');
    assert.match(md, /^# Time for 40 requests vs CPU work per response, warm pools on \d+ cores?/m);
    assert.match(md, /^\*\*Crossover\*\* \(on the in-process times\): `threads-reuse c=\d+` (beats|does not beat)/m);
    assert.match(md, /^## In-process time/m);
    assert.match(md, /^## Whole-process time/m);
    assert.match(md, new RegExp(`^\\| work \\| threads-reuse c=${cores} \\| threads-async \\| async-offload \\| async-limit \\| async-for \\|$`, 'm'));
    assert.match(md, /^## Measured work$/m);
    assert.match(md, /^\| 1 ms \| \*{0,2}\d+\.\d\d× vs async-(limit|for) \[\d\.\d\d–\d\.\d\d\], p = /m);
    assertChart(out, sweep.strategies);
    const svg = readFileSync(join(out, 'chart.svg'), 'utf8');
    assert.match(svg, /In-process time per run/);
    assert.match(svg, /Whole-process time per run/);
  });

  test('--help and --list-presets', async () => {
    const help = await runNode([CLIENT_CLI, 'sweep', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /concurrency/);
    const list = await runNode([CLIENT_CLI, 'sweep', '--list-presets']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^concurrency\s+chunk = 1,2,4,8,16,32,64,128,256,512/m);
    assert.match(list.stdout, /^latency\s+delay = 0,1,2,5,10,20,50/m);
    assert.match(list.stdout, /^work\s+work = 0,0\.1,0\.5,1,2,5,10/m);
    // How long the work preset takes, stated where users choose it.
    assert.match(help.stdout.replace(/\s+/g, ' '), /work = 0, 0\.1, 0\.5, 1, 2, 5, 10; threads-reuse c=\d+, threads-async, async-offload, async-limit, async-for; 1000 requests, 1 warmup \+ 5 runs per point, warm: about 10-20 minutes on 2 cores/);
  });
});
