// What a sweep keeps and how it is read back: sweep.json's check (every committed sweep passes,
// each kind of damage is named by its field, in one line), and which figure the work sweep's
// crossover rests on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, dist, fixture } from '../helper.ts';

const { checkSweepResult } = await dist<typeof import('../../src/sweep/result.ts')>('sweep/result.js');
const { DataError } = await dist<typeof import('../../src/common/json.ts')>('common/json.js');
const { sweepCrossover, sweepFigure } = await dist<typeof import('../../src/sweep/crossover.ts')>('sweep/crossover.js');
const { busyMachineWarning } = await dist<typeof import('../../src/environment/collect.ts')>('environment/collect.js');

type Json = Record<string, any>;
const COMMITTED = readdirSync(join(ROOT, 'docs/sweeps'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(ROOT, 'docs/sweeps', e.name, 'sweep.json'));
const FIXTURE = fixture('results/work/sweep.json');
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

test('every committed sweep.json and the work fixture pass the check, unchanged in what they say', () => {
  assert.ok(COMMITTED.length >= 5, COMMITTED.join(' '));
  for (const file of [...COMMITTED, FIXTURE]) {
    const raw = read(file);
    const checked = checkSweepResult(raw);
    assert.deepEqual(checked.values, raw.values, file);
    assert.deepEqual(checked.points.map((p) => [p.value, p.strategy, p.meanSeconds]), raw.points.map((p: Json) => [p.value, p.strategy, p.meanSeconds]), file);
  }
});

test('damage is named by its field, in one line', () => {
  const good = read(FIXTURE);
  const damaged = (change: (sweep: Json) => void): Json => {
    const copy = structuredClone(good);
    change(copy);
    return copy;
  };
  const cases: [Json | unknown, RegExp][] = [
    [{ kind: 'ntab-sweep', version: 1, points: [], values: [] }, /^sweep\.json: preset is missing$/],
    [damaged((s) => (s.parameter = 'colour')), /^sweep\.json: parameter must be one of chunk, requests, delay, rtt, runtime, work, got "colour"$/],
    [damaged((s) => (s.points = [])), /^sweep\.json: points must not have fewer than 1 items/],
    [damaged((s) => (s.values = '0,1')), /^sweep\.json: values must be array, got "0,1"$/],
    [damaged((s) => (s.points[2].value = 7)), /^sweep\.json: points\[2\]\.value must be one of values \(0, 0\.5, 1, 5\), got 7$/],
    [damaged((s) => (s.points[0].meanSeconds = 'NaN')), /^sweep\.json: points\[0\]\.meanSeconds must be number or null, got "NaN"$/],
    [damaged((s) => (s.points[1].times[1] = -0.5)), /^sweep\.json: points\[1\]\.times\[1\] must be >= 0, got -0\.5$/],
    [damaged((s) => (s.points[3].strategy = 'async-map')), /^sweep\.json: points\[3\]\.strategy must be one of strategies \(.*\), got "async-map"$/],
    [damaged((s) => (s.strategies[0] = 'bogus')), /^sweep\.json: strategies\[0\] must be a strategy/],
    [damaged((s) => s.points.push(s.points[0])), /^sweep\.json: points\[16\] must be the only point of threads-reuse c=2 at 0/],
    [damaged((s) => delete s.fixed.runs), /^sweep\.json: fixed\.runs is missing$/],
    [damaged((s) => (s.fixed.delay = 'soon')), /^sweep\.json: fixed\.delay must be a server delay/],
    [damaged((s) => (s.environment.cpuCount = 0)), /^sweep\.json: environment\.cpuCount must be >= 1, got 0$/],
    [damaged((s) => (s.startedAt = 'yesterday')), /^sweep\.json: startedAt must match format "date-time", got "yesterday"$/],
    [damaged((s) => (s.points[0].export = '../../etc/passwd')), /^sweep\.json: points\[0\]\.export must match pattern/],
    [damaged((s) => (s.points[0].inProcess = { times: [], medianSeconds: 1, meanSeconds: 1, requestsPerSecond: null })), /^sweep\.json: points\[0\]\.inProcess\.times must not have fewer than 1 items, got \[\]$/],
    [[1, 2], /^sweep\.json: the value must be object, got \[1,2\]$/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => checkSweepResult(value), (error: Error) => {
      assert.ok(error instanceof DataError, `${error}`);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  }
  // A failed point has no timing: null where the numbers are, and its reason.
  const failed = damaged((s) => Object.assign(s.points[0], { meanSeconds: null, medianSeconds: null, minSeconds: null, maxSeconds: null, runs: 0, error: 'error: 3 of 1000 requests failed' }));
  assert.ok(Number.isNaN(checkSweepResult(failed).points[0]!.meanSeconds));
  assert.throws(() => checkSweepResult(damaged((s) => (s.points[0].meanSeconds = null))), /points\[0\]\.meanSeconds must be a number in a measured point, got null/);
});

test("the work crossover rests on the in-process times of a warm sweep, else on hyperfine's whole-process times", () => {
  // Whole-process: threads-reuse c=2 and async-for equal within noise at every value (start-up dominates)...
  const sweep = read(FIXTURE);
  assert.equal(sweepFigure(checkSweepResult(sweep)), 'whole-process', 'no --warm, no in-process times');
  for (const p of sweep.points) {
    const thread = p.strategy.startsWith('threads');
    // ... in-process (pools already up): threads faster beyond noise from 0.5 ms on.
    const times = p.times.map((t: number, i: number) => (p.value >= 0.5 && thread ? 0.2 : 0.4) * p.value + 0.01 * (i + 1));
    p.inProcess = { times, medianSeconds: times[1], meanSeconds: times.reduce((a: number, b: number) => a + b, 0) / times.length, requestsPerSecond: 1000 / times[1] };
  }
  const warm = checkSweepResult({ ...sweep, fixed: { ...sweep.fixed, warm: true } });
  assert.equal(sweepFigure(warm), 'in-process');
  const inProcess = sweepCrossover(warm);
  assert.deepEqual(inProcess.crossovers.map((c) => [c.design, c.from]), [['threads-reuse c=2', 0.5], ['threads-reuse c=100', 0.5]]);
  assert.match(inProcess.sentence, /^`threads-reuse c=2` beats the best event-loop strategy from 0\.5 ms of nominal CPU work per response on .* Welch's t-test on the in-process times\)\./);
  const whole = sweepCrossover(checkSweepResult(sweep));
  assert.equal(whole.figure, 'whole-process');
  assert.equal(whole.crossovers[0]!.from, 1, 'the fixture\'s own whole-process crossover');
  assert.match(whole.sentence, /on the whole-process times/);
  // One warm point without in-process times (an older sweep): nothing is compared across figures.
  const mixed = structuredClone(warm);
  delete mixed.points[5]!.inProcess;
  assert.equal(sweepFigure(mixed), 'whole-process');
});

test('the busy-machine warning: a 1-minute load above the core count, with its figures', () => {
  assert.equal(busyMachineWarning(1.5, 2), null);
  assert.equal(busyMachineWarning(2, 2), null);
  assert.match(busyMachineWarning(5.25, 2) ?? '', /^warning: load 5\.25 on 2 cores: the machine is busy/);
});
