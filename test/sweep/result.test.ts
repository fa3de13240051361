// What a sweep keeps and how it is read back: sweep.json's check (every committed sweep passes,
// each kind of damage is named by its field), the invocation lines made from what the
// clients appended (warmups first, a crash kept as a null outcome), the in-process times
// taken from them, and which figure the work sweep's crossover rests on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helper.ts';

async function dist<T>(path: string): Promise<T> {
  return (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;
}
const { checkSweepResult, SweepFormatError } = await dist<typeof import('../../src/sweep/result.ts')>('sweep/result.js');
const { invocationLines, inProcessTimes } = await dist<typeof import('../../src/sweep/outcomes.ts')>('sweep/outcomes.js');
const { outcomesJsonl } = await dist<typeof import('../../src/outcome/outcome-lines.ts')>('outcome/outcome-lines.js');
const { sweepCrossover, sweepFigure } = await dist<typeof import('../../src/sweep/crossover.ts')>('sweep/crossover.js');
const { parseVariant, fileSlug } = await dist<typeof import('../../src/sweep/variants.ts')>('sweep/variants.js');
const { busyMachineWarning } = await dist<typeof import('../../src/environment/collect.ts')>('environment/collect.js');

type Json = Record<string, any>;
const COMMITTED = readdirSync(join(ROOT, 'docs/sweeps'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(ROOT, 'docs/sweeps', e.name, 'sweep.json'));
const FIXTURE = join(ROOT, 'test/results/fixtures/work/sweep.json');
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
    [{ kind: 'ntab-sweep', version: 1, points: [], values: [] }, /^preset must be a preset name or null, got nothing$/],
    [{ kind: 'ntab-sweep', version: 1, preset: null, points: [], values: [] }, /^parameter must be one of chunk, requests, delay, rtt, node, work, got nothing$/],
    [damaged((s) => (s.points = [])), /^points must be a non-empty array/],
    [damaged((s) => (s.values = '0,1')), /^values must be a non-empty array of numbers, got "0,1"$/],
    [damaged((s) => (s.points[2].value = 7)), /^points\[2\]\.value must be one of values \(0, 0\.5, 1, 5\), got 7$/],
    [damaged((s) => (s.points[0].meanSeconds = 'NaN')), /^points\[0\]\.meanSeconds must be a finite number >= 0, got "NaN"$/],
    [damaged((s) => (s.points[1].times[1] = -0.5)), /^points\[1\]\.times\[1\] must be a finite number >= 0, got -0\.5$/],
    [damaged((s) => (s.points[3].strategy = 'async-map')), /^points\[3\]\.strategy must be one of strategies \(.*\), got "async-map"$/],
    [damaged((s) => (s.strategies[0] = 'bogus')), /^strategies\[0\] must be a strategy/],
    [damaged((s) => s.points.push(s.points[0])), /^points\[16\] must be the only point of threads-reuse c=2 at 0/],
    [damaged((s) => delete s.fixed.runs), /^fixed\.runs must be an integer >= 1, got nothing$/],
    [damaged((s) => (s.fixed.delay = 'soon')), /^fixed\.delay must be a server delay/],
    [damaged((s) => (s.environment.cpuCount = 0)), /^environment\.cpuCount must be an integer >= 1, got 0$/],
    [damaged((s) => (s.startedAt = 'yesterday')), /^startedAt must be an ISO date and time, got "yesterday"$/],
    [damaged((s) => (s.points[0].export = '../../etc/passwd')), /^points\[0\]\.export must be a path inside the sweep directory/],
    [damaged((s) => (s.points[0].inProcess = { times: [], medianSeconds: 1, meanSeconds: 1, requestsPerSecond: null })), /^points\[0\]\.inProcess\.times must be a non-empty array of seconds, got \[\]$/],
    [[1, 2], /^the file must be an object, got \[1,2\]$/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => checkSweepResult(value), (error: Error) => {
      assert.ok(error instanceof SweepFormatError, `${error}`);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  }
  // A failed point has no timing: null where the numbers are, and its reason.
  const failed = damaged((s) => Object.assign(s.points[0], { meanSeconds: null, medianSeconds: null, minSeconds: null, maxSeconds: null, runs: 0, error: 'error: 3 of 1000 requests failed' }));
  assert.ok(Number.isNaN(checkSweepResult(failed).points[0]!.meanSeconds));
  assert.throws(() => checkSweepResult(damaged((s) => (s.points[0].meanSeconds = null))), /points\[0\]\.meanSeconds must be a finite number/);
});

test('invocation lines: warmups first, numbered, the failing invocation without an outcome kept as null', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-outcomes-'));
  try {
    const appended = join(dir, 'appended.jsonl');
    const outcome = (elapsedSeconds: number, failed = 0) => JSON.stringify({ test: 'async-for', elapsedSeconds, failed });
    // One warmup and three runs; a line cut short by a kill is not an outcome.
    writeFileSync(appended, `${[outcome(0.5), outcome(0.3), outcome(0.2), outcome(0.25)].join('\n')}\n{"test":"asy`);
    {
      const lines = await invocationLines(appended, 'async-for', 1, 3, false);
      assert.deepEqual(lines.map((l) => [l.invocation, l.of, l.warmup, l.outcome?.elapsedSeconds]), [[1, 4, true, 0.5], [2, 4, false, 0.3], [3, 4, false, 0.2], [4, 4, false, 0.25]]);
      assert.ok(lines.every((l) => l.strategy === 'async-for'));
      const text = outcomesJsonl(lines);
      assert.equal(text.split('\n').filter((l) => l !== '').length, 4);
      assert.deepEqual(JSON.parse(text.split('\n')[0]!), { strategy: 'async-for', invocation: 1, of: 4, warmup: true, outcome: JSON.parse(outcome(0.5)) });
      // In-process: the measured ones only (never the warmup), their median and rate.
      assert.deepEqual(inProcessTimes(lines, 1000), { times: [0.3, 0.2, 0.25], medianSeconds: 0.25, meanSeconds: 0.75 / 3, requestsPerSecond: 4000 });
      assert.equal(inProcessTimes(lines, null)?.requestsPerSecond, null, 'the no-op reference has no rate');

      // The second run crashed before writing its outcome: hyperfine stopped there.
      writeFileSync(appended, `${[outcome(0.5), outcome(0.3)].join('\n')}\n`);
      const crashed = await invocationLines(appended, 'async-for', 1, 3, true);
      assert.deepEqual(crashed.map((l) => [l.invocation, l.warmup, l.outcome === null]), [[1, true, false], [2, false, false], [3, false, true]]);
      // A run whose requests failed wrote its outcome (failed > 0): that is the failing one, nothing is added.
      writeFileSync(appended, `${[outcome(0.5), outcome(0.3, 2)].join('\n')}\n`);
      const failing = await invocationLines(appended, 'async-for', 1, 3, true);
      assert.equal(failing.length, 2);
      assert.equal(inProcessTimes(failing, 1000), null, 'a run with failed requests is no in-process time');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  assert.equal(inProcess.crossover.found && inProcess.crossover.value, 0.5);
  assert.match(inProcess.sentence, /^Crossover at 0\.5 ms of CPU work per response: `threads-reuse c=(2|100)` beats .* \(mean in-process time /);
  const whole = sweepCrossover(checkSweepResult(sweep));
  assert.equal(whole.figure, 'whole-process');
  assert.equal(whole.crossover.found && whole.crossover.value, 1, 'the fixture\'s own whole-process crossover');
  assert.match(whole.sentence, /\(mean whole-process time /);
  // One warm point without in-process times (an older sweep): nothing is compared across figures.
  const mixed = structuredClone(warm);
  delete mixed.points[5]!.inProcess;
  assert.equal(sweepFigure(mixed), 'whole-process');
});

test('strategy variants: a registry name, optionally at its own C; labels become file names', () => {
  assert.deepEqual(parseVariant('threads-reuse c=2'), { label: 'threads-reuse c=2', strategy: 'threads-reuse', chunk: 2 });
  assert.deepEqual(parseVariant(' threads_reuse C = 100 '), { label: 'threads-reuse c=100', strategy: 'threads-reuse', chunk: 100 });
  assert.deepEqual(parseVariant('async-for'), { label: 'async-for', strategy: 'async-for', chunk: null });
  assert.throws(() => parseVariant('threads-reuse c=0'), /c= must be a positive integer, got '0'/);
  assert.throws(() => parseVariant('threads-reuse c=two'), /c= must be a positive integer/);
  assert.throws(() => parseVariant('bogus c=2'), /unknown strategy 'bogus c=2'/);
  assert.equal(fileSlug('threads-reuse c=100'), 'threads-reuse-c100');
  assert.equal(fileSlug('async-for'), 'async-for');
});

test('the busy-machine warning: a 1-minute load above the core count, with its figures', () => {
  assert.equal(busyMachineWarning(1.5, 2), null);
  assert.equal(busyMachineWarning(2, 2), null);
  assert.match(busyMachineWarning(5.25, 2) ?? '', /^warning: load 5\.25 on 2 cores: the machine is busy/);
});
