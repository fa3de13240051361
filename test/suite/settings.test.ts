// The suite's time budget (src/suite/settings.ts) and its rough duration model
// (src/suite/estimate.ts): plain functions, tested on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const settings = (await import(new URL('../../dist/suite/settings.js', import.meta.url).href)) as typeof import('../../src/suite/settings.ts');
const estimate = (await import(new URL('../../dist/suite/estimate.js', import.meta.url).href)) as typeof import('../../src/suite/estimate.ts');
const { settingsAfterProbe, exactSettings, invocations, LONG_RUN_SECONDS, MIN_RUNS, DEFAULT_BUDGET_SECONDS } = settings;

const original = { warmup: 10, runs: 10, budgetSeconds: DEFAULT_BUDGET_SECONDS };

test('a short run keeps -w/-r, the probe being its first warmup (one more than -w 0)', () => {
  assert.deepEqual(settingsAfterProbe(original, 0.35), {
    warmup: 10,
    runs: 10,
    reason: 'a run took 0.35 s (the probe, a warmup): -w 10 -r 10 as given, the probe being the first warmup',
    probeSeconds: 0.35,
  });
  const none = settingsAfterProbe({ ...original, warmup: 0 }, 0.2);
  assert.equal(none.warmup, 1);
  assert.match(none.reason, /one warmup more than -w 0 asked for/);
});

test('a run of seconds gets only its probe as warmup and the runs that fit the budget, at least 3, at most -r', () => {
  // threads-recreate at ~36 s and threads-map at ~45 s per run (the default suite's long strategies).
  assert.deepEqual([settingsAfterProbe(original, 36).warmup, settingsAfterProbe(original, 36).runs], [1, 5]);
  assert.equal(settingsAfterProbe(original, 45).runs, 4);
  assert.match(settingsAfterProbe(original, 36).reason, /^a run took 36\.0 s \(the probe, a warmup\): no further warmup; 5 runs fill the 180 s budget \(at most -r 10\)$/);
  // Runs so long that the budget holds fewer than the minimum: the minimum.
  const slow = settingsAfterProbe(original, 100);
  assert.equal(slow.runs, MIN_RUNS);
  assert.match(slow.reason, /3 runs, the minimum, although they take longer than the 180 s budget/);
  // Runs short enough that all of -r fit: -r.
  const quick = settingsAfterProbe(original, LONG_RUN_SECONDS);
  assert.deepEqual([quick.warmup, quick.runs], [1, 10]);
  assert.match(quick.reason, /-r 10 runs, within the 180 s budget/);
  // -r below the minimum wins over it.
  const few = settingsAfterProbe({ ...original, runs: 2 }, 500);
  assert.equal(few.runs, 2);
  assert.match(few.reason, /-r 2 runs \(-r is below the minimum of 3\)/);
});

test('--exact: -w/-r for every strategy; invocations count the warmups', () => {
  const exact = exactSettings({ warmup: 10, runs: 10, budgetSeconds: 0 });
  assert.deepEqual(exact, { warmup: 10, runs: 10, reason: '--exact: -w 10 -r 10 as given' });
  assert.equal(invocations(exact), 20);
});

test('the rough model: thread starts cost time, a probe corrects the figures for the rest', () => {
  const model = new estimate.DurationModel(original);
  const recreate = { name: 'threads-recreate', threadStarts: 1000 };
  const map = { name: 'threads-map', threadStarts: 1000 };
  const asyncFor = { name: 'async-for', threadStarts: 0 };
  assert.ok(model.runSeconds(recreate) > 10 * model.runSeconds(asyncFor));
  // The default suite, as modelled before anything ran: minutes, under the 15-minute goal.
  const suite = [recreate, { name: 'threads-reuse', threadStarts: 100 }, map, asyncFor, { name: 'async-map', threadStarts: 0 }];
  const total = suite.reduce((sum, command) => sum + model.commandSeconds(command), 0);
  assert.ok(total > 120 && total < 900, `${total} s`);
  model.learn(recreate, 72);
  assert.equal(model.runSeconds(recreate), 72);
  assert.ok(model.runSeconds(map) > 60, 'threads-map is now expected to be as slow per thread');
  // Its settings follow the rule on the modelled run.
  assert.equal(model.commandSeconds(map), invocations(settingsAfterProbe(original, model.runSeconds(map))) * model.runSeconds(map));
});
