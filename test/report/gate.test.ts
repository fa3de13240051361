// The regression gate through the real CLI: `benchmark report --baseline OLD.json NEW.json
// --fail-if-slower 5%` exits 1 on a significant slowdown beyond the threshold, 0 otherwise, and
// prints the verdict of every strategy; bad thresholds and a missing baseline are usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, fixture, runClient } from '../helper.ts';

type GateModule = typeof import('../../src/report/gate.ts');
const { parseThreshold } = await dist<GateModule>('report/gate.js');

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-gate-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An export of three strategies, ten runs each with a ±1% spread; `slower` scales one strategy's times. */
function run(slower: Record<string, number> = {}): string {
  const base: Record<string, number> = { 'threads-reuse': 0.9, 'async-for': 0.3, 'async-map': 0.31, 'async-for (A/A)': 0.3 };
  const results = Object.entries(base).map(([command, seconds]) => {
    const times = Array.from({ length: 10 }, (_, i) => seconds * (slower[command] ?? 1) * (1 + ((i % 5) - 2) * 0.005));
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const stddev = Math.sqrt(times.reduce((a, t) => a + (t - mean) ** 2, 0) / (times.length - 1));
    const sorted = [...times].sort((a, b) => a - b);
    return { command, mean, stddev, median: (sorted[4]! + sorted[5]!) / 2, min: sorted[0], max: sorted[9], times };
  });
  return JSON.stringify({ schemaVersion: 2, results });
}

test('a significant 30% regression exits 1, naming the strategy; the others pass; the A/A copy is not gated', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'old.json'), run());
    await writeFile(join(dir, 'new.json'), run({ 'async-for': 1.3, 'async-for (A/A)': 2 }));
    const done = await runClient(['report', '--baseline', join(dir, 'old.json'), join(dir, 'new.json'), '--fail-if-slower', '5%']);
    assert.equal(done.code, 1, done.stderr);
    const lines = done.stdout.trim().split('\n');
    assert.match(lines[0]!, /^gate: new \(.*new\.json\) against the baseline old \(.*old\.json\); fails when slower by more than 5%$/);
    assert.match(done.stdout, /^async-for: 1\.30x the baseline \(95% CI 1\.\d\d–1\.\d\d, Holm-corrected p = [\d.e-]+\): slower by more than the threshold: FAIL$/m);
    assert.match(done.stdout, /^threads-reuse: 1\.00x the baseline \(.*\): no difference shown$/m);
    assert.match(done.stdout, /^async-map: 1\.00x the baseline \(.*\): no difference shown$/m);
    assert.doesNotMatch(done.stdout, /A\/A/, 'the control is no strategy');
    assert.match(lines[lines.length - 1]!, /^FAIL: 1 of 3 strategies slower than the baseline by more than 5% \(Holm-corrected p < 0\.05\)$/);
    assert.equal(done.stderr, '');
  });
});

test('the same run as baseline and new run exits 0; so does a significant 3% slowdown under a 5% threshold (also written 0.05)', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'old.json'), run());
    const same = await runClient(['report', '--baseline', join(dir, 'old.json'), join(dir, 'old.json'), '--fail-if-slower', '5%']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /^pass: no strategy slower than the baseline by more than 5% with Holm-corrected p < 0\.05 \(3 compared\)$/m);
    await writeFile(join(dir, 'new.json'), run({ 'async-for': 1.03 }));
    const within = await runClient(['report', '--baseline', join(dir, 'old.json'), join(dir, 'new.json'), '--fail-if-slower', '0.05']);
    assert.equal(within.code, 0, within.stdout + within.stderr);
    assert.match(within.stdout, /^async-for: 1\.03x the baseline \(.*Holm-corrected p = [\d.e-]+\): slower, within the threshold$/m, 'significant, but within the threshold');
    // The same 3% under a 2% threshold fails.
    const strict = await runClient(['report', '--baseline', join(dir, 'old.json'), join(dir, 'new.json'), '--fail-if-slower', '2%']);
    assert.equal(strict.code, 1, strict.stdout);
    // A real run against itself: nothing differs.
    const real = await runClient(['report', '--baseline', fixture('suite/aa-control.json'), fixture('suite/aa-control.json'), '--fail-if-slower', '5%']);
    assert.equal(real.code, 0, real.stdout + real.stderr);
  });
});

test('--output with the gate writes the side-by-side report of both runs, named "comparison"', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'old.json'), run());
    await copyFile(join(dir, 'old.json'), join(dir, 'new.json'));
    const done = await runClient(['report', '--baseline', join(dir, 'old.json'), join(dir, 'new.json'), '--fail-if-slower', '5%', '--output', join(dir, 'out')]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /^report: wrote .*comparison\.svg, .*comparison\.report\.md\n$/);
    assert.deepEqual((await readdir(join(dir, 'out'))).sort(), ['comparison.report.md', 'comparison.svg']);
  });
});

test('bad thresholds and a missing baseline: exit 2 with one line, nothing compared', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'new.json'), run());
    const cases: [string[], RegExp][] = [
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json'), '--fail-if-slower', 'five'], /^error: --fail-if-slower must be a share such as 5% or 0\.05, got 'five'\n$/],
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json'), '--fail-if-slower', '5'], /^error: --fail-if-slower 5 is ambiguous: write 5% or a share below 1 such as 0\.05\n$/],
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json'), '--fail-if-slower', '-5%'], /^error: --fail-if-slower must be a share/],
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json'), '--fail-if-slower', '2000%'], /^error: --fail-if-slower must be from 0% to 1000%, got '2000%'\n$/],
      [[join(dir, 'new.json'), '--fail-if-slower', '5%'], /^error: --fail-if-slower needs --baseline OLD\.json, the run to compare with\n$/],
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json')], /^error: --baseline needs --fail-if-slower THRESHOLD \(e\.g\. 5% or 0\.05\): how much slower fails\n$/],
      [['--baseline', join(dir, 'missing.json'), join(dir, 'new.json'), '--fail-if-slower', '5%'], /^error: .*missing\.json: no such file\n$/],
      [['--baseline', join(dir, 'new.json'), join(dir, 'new.json'), join(dir, 'new.json'), '--fail-if-slower', '5%'], /^error: --baseline compares one new run with it: give one export, got 2\n$/],
    ];
    for (const [args, message] of cases) {
      const done = await runClient(['report', ...args]);
      assert.equal(done.code, 2, `${args.join(' ')}: ${done.stdout}${done.stderr}`);
      assert.match(done.stderr, message);
      assert.equal(done.stdout, '', 'nothing compared');
    }
  });
});

test('thresholds: 5% and 0.05 are the same share; 0 and 1000% are the ends', () => {
  assert.equal(parseThreshold('5%'), 0.05);
  assert.equal(parseThreshold('0.05'), 0.05);
  assert.equal(parseThreshold(' 2.5 % '), 0.025);
  assert.equal(parseThreshold('.1'), 0.1);
  assert.equal(parseThreshold('0'), 0);
  assert.equal(parseThreshold('1000%'), 10);
  assert.equal(typeof parseThreshold('1'), 'string', '1 could be 1% or 100%');
  assert.equal(typeof parseThreshold('5%%'), 'string');
});
