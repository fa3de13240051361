// The crossover of a work sweep: the smallest value at which a warm thread strategy beats the
// best event-loop strategy at that value beyond noise (Welch's t-test), or none; strategy
// sides from the registry, variants included; the sentence follows the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

type CrossoverModule = typeof import('../../src/report/crossover.ts');
type Point = import('../../src/report/crossover.ts').CrossoverPoint;
const { describeCrossover, findCrossover, sideOf } = (await import(new URL('../../dist/report/crossover.js', import.meta.url).href)) as CrossoverModule;

/** The synthetic work sweep's points (test/results/fixtures/work: hand-written, not a measurement). */
const SWEEP = JSON.parse(readFileSync(new URL('./fixtures/work/sweep.json', import.meta.url), 'utf8')) as { points: Point[] };
const points = (filter: (p: Point) => boolean = () => true): Point[] => SWEEP.points.filter(filter).map(({ value, strategy, meanSeconds, times }) => ({ value, strategy, meanSeconds, times }));
const ms = (v: number) => `${v} ms of CPU work per response`;

test('sides come from the registry: thread pools are threads, async and the event-loop controls the event loop, variants by their name', () => {
  assert.equal(sideOf('threads-reuse'), 'threads');
  assert.equal(sideOf('threads-reuse c=2'), 'threads');
  assert.equal(sideOf('threads-map (C = 100)'), 'threads');
  assert.equal(sideOf('async-for'), 'event loop');
  assert.equal(sideOf('async-limit'), 'event loop');
  assert.equal(sideOf('async-chunk'), 'event loop');
  assert.equal(sideOf('noop'), null);
  assert.equal(sideOf('async-format'), null, 'a name that merely starts like a strategy is none');
  assert.equal(sideOf('/usr/bin/python3 benchmark.py async-for'), null);
});

test('the crossover is the first value where a thread strategy is faster beyond noise, not merely faster on average', () => {
  const found = findCrossover(points());
  assert.equal(found.found, true);
  if (!found.found) return;
  // At 0.5 ms threads-reuse c=2 has the lower mean, but its runs spread too far: within noise.
  assert.equal(found.value, 1);
  assert.equal(found.thread.strategy, 'threads-reuse c=2');
  assert.equal(found.eventLoop.strategy, 'async-for', 'the best event-loop strategy at that value');
  assert.ok(found.welch.p < 0.05 && found.ratio > 1);
  assert.deepEqual(found.untested, []);
  assert.match(describeCrossover(found, ms), /^Crossover at 1 ms of CPU work per response: `threads-reuse c=2` beats the best event-loop strategy there, `async-for`, 1\.53 times as fast \(0\.854 s vs 1\.302 s; p = .+, Welch's t-test on 3 \+ 3 runs\)\.$/);
});

test('no crossover when threads never win beyond noise; the sentence says up to where', () => {
  const none = findCrossover(points((p) => p.value <= 0.5));
  assert.deepEqual(none, { found: false, upTo: 0.5, untested: [] });
  assert.equal(describeCrossover(none, ms), "No crossover up to 0.5 ms of CPU work per response: at no value measured did a thread strategy beat the best event-loop strategy beyond noise (Welch's t-test, p < 0.05).");
});

test('without per-run times nothing is claimed: the values where threads led on average are named as untested', () => {
  const untimed = points().map((p) => ({ ...p, times: null }));
  const result = findCrossover(untimed);
  assert.deepEqual(result, { found: false, upTo: 5, untested: [0.5, 1, 5] });
  assert.match(describeCrossover(result, ms), /Not tested at 0\.5 ms of CPU work per response, 1 ms of CPU work per response, 5 ms of CPU work per response, where a thread strategy had the lower mean: the sweep kept no per-run times there\.$/);
});

test('a sweep with only one side gives no crossover, and says so', () => {
  const onlyAsync = findCrossover(points((p) => p.strategy.startsWith('async')));
  assert.deepEqual(onlyAsync, { found: false, upTo: null, untested: [] });
  assert.match(describeCrossover(onlyAsync), /^No crossover can be computed/);
});
