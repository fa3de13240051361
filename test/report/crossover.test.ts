// The robust crossover of a work sweep: for each thread design, the smallest value from which
// it beats the best event-loop strategy at that value and at every larger one, by Welch's
// t-test Holm-corrected over the design's values; reported as a band with an interval on the
// ratio. Sides come from the registry; the sentence follows the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dist, fixture } from '../helper.ts';

type CrossoverModule = typeof import('../../src/report/crossover.ts');
type Point = import('../../src/report/crossover.ts').CrossoverPoint;
const { describeCrossover, findCrossovers, sideOfLabel, undecidedComparisons } = await dist<CrossoverModule>('report/crossover.js');

/** The synthetic work sweep's points (test/fixtures/results/work: hand-written, not a measurement). */
const SWEEP = JSON.parse(readFileSync(fixture('results/work/sweep.json'), 'utf8')) as { points: Point[] };
const points = (filter: (p: Point) => boolean = () => true): Point[] => SWEEP.points.filter(filter).map(({ value, strategy, meanSeconds, times }) => ({ value, strategy, meanSeconds, times }));
const ms = (v: number) => `${v} ms of CPU work per response`;
const short = (v: number) => `${v} ms`;

test('sides come from the registry: thread pools are threads, async and the event-loop controls the event loop, variants by their name', () => {
  assert.equal(sideOfLabel('threads-reuse'), 'threads');
  assert.equal(sideOfLabel('threads-reuse c=2'), 'threads');
  assert.equal(sideOfLabel('async-for'), 'event loop');
  assert.equal(sideOfLabel('async-for (A/A)'), 'event loop');
  assert.equal(sideOfLabel('async-limit'), 'event loop');
  assert.equal(sideOfLabel('async-chunk'), 'event loop');
  assert.equal(sideOfLabel('noop'), 'none');
  assert.equal(sideOfLabel('async-format'), 'none', 'a name that merely starts like a strategy is none');
  assert.equal(sideOfLabel('/usr/bin/python3 benchmark.py async-for'), 'none');
});

test('one crossover per thread design: from the first value where it wins at every larger value, with the band and the interval', () => {
  const [c2, c100] = findCrossovers(points());
  assert.equal(c2?.design, 'threads-reuse c=2');
  assert.equal(c100?.design, 'threads-reuse c=100');
  // threads-reuse c=2 is faster at 0.5 ms by its mean, but its runs spread too far; from 1 ms it wins.
  assert.equal(c2!.from, 1);
  assert.equal(c2!.after, 0.5);
  const at = c2!.comparisons.find((c) => c.value === 1)!;
  assert.equal(at.eventLoop, 'async-for', 'the best event-loop strategy at that value');
  assert.ok(at.wins && at.ratio > 1 && at.adjustedP! < 0.05 && at.adjustedP! >= at.p!, 'Holm never lowers a p-value');
  assert.ok(at.interval!.low > 1, 'the interval on the ratio excludes 1');
  assert.match(
    describeCrossover(c2!, ms, short, 'in-process time'),
    /^`threads-reuse c=2` beats the best event-loop strategy from 1 ms of CPU work per response on \(crossover between 0\.5 ms and 1 ms\): at 1 ms it is 1\.53 times as fast as `async-for` \(95% CI \d\.\d\d–\d\.\d\d; Holm-corrected p = .+, Welch's t-test on the in-process times\)\.$/,
  );
});

test('a win at one value followed by a loss is no crossover there: it must hold at every larger value', () => {
  // Drop the largest value where c=2 wins, and make it lose there instead.
  const flipped = points().map((p) => (p.value === 5 && p.strategy === 'threads-reuse c=2' ? { ...p, meanSeconds: p.meanSeconds * 10, times: p.times!.map((t) => t * 10) } : p));
  const [c2] = findCrossovers(flipped);
  assert.equal(c2!.from, null);
  assert.match(describeCrossover(c2!, ms, short, 'in-process time'), /does not beat the event loop up to 5 ms of CPU work per response/);
});

test('no crossover up to a value: the sentence says where it stands there', () => {
  const [c2] = findCrossovers(points((p) => p.value <= 0.5));
  assert.equal(c2!.from, null);
  assert.match(describeCrossover(c2!, ms, short, 'in-process time'), /^`threads-reuse c=2` does not beat the event loop up to 0\.5 ms of CPU work per response: there it is faster by its mean \(.+\), no difference shown \(Holm-corrected p = .+\)\.$/);
});

test('without per-run times nothing is claimed: no value is a win', () => {
  const [c2] = findCrossovers(points().map((p) => ({ ...p, times: null })));
  assert.equal(c2!.from, null);
  assert.ok(c2!.comparisons.every((c) => c.p === null && !c.wins && c.interval === null));
});

test('a sweep with only one side gives no design to compare', () => {
  assert.deepEqual(findCrossovers(points((p) => p.strategy.startsWith('async'))), []);
});

test('undecided comparisons (near the crossover, the interval includes 1) are the ones that get more runs', () => {
  const [c2] = findCrossovers(points());
  const undecided = undecidedComparisons(c2!).map((c) => c.value);
  assert.ok(undecided.includes(0.5), `${undecided}`);
  assert.ok(!undecided.includes(1) && !undecided.includes(5), 'a decided win needs no more runs');
});
