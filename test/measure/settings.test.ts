// The engine's plain parts, tested on their own: the time budget (src/measure/settings.ts), the
// seeded order of the rounds and the rough estimate in the progress lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dist } from '../helper.ts';

const { settingsAfterProbe, givenSettings, invocations, LONG_RUN_SECONDS, MIN_RUNS, DEFAULT_BUDGET_SECONDS } = await dist<typeof import('../../src/measure/settings.ts')>('measure/settings.js');
const { seededRandom, shuffled } = await dist<typeof import('../../src/measure/engine.ts')>('measure/engine.js');
const { Progress } = await dist<typeof import('../../src/measure/progress.ts')>('measure/progress.js');

const original = { warmup: 10, runs: 10, budgetSeconds: DEFAULT_BUDGET_SECONDS };

test('a short run keeps -w/-r: the probe is the first warmup, or with -w 0 the first run', () => {
  assert.deepEqual(settingsAfterProbe(original, 0.35), { warmup: 10, runs: 10, reason: 'a run took 0.35 s (the probe, a warmup): -w 10 -r 10 as given', probeSeconds: 0.35 });
  const none = settingsAfterProbe({ ...original, warmup: 0 }, 0.2);
  assert.deepEqual([none.warmup, none.runs], [0, 10]);
  assert.match(none.reason, /the probe, the first run/);
  // hyperfine's meaning: -w 0 -r 1 is exactly one invocation, short or long.
  assert.equal(invocations(settingsAfterProbe({ warmup: 0, runs: 1, budgetSeconds: DEFAULT_BUDGET_SECONDS }, 0.2)), 1);
  assert.equal(invocations(settingsAfterProbe({ warmup: 0, runs: 1, budgetSeconds: DEFAULT_BUDGET_SECONDS }, 50)), 1);
});

test('a run of seconds gets only its probe as warmup and the runs that fit the budget, at least 3, at most -r', () => {
  // threads-recreate at ~36 s and threads-map at ~45 s per run (the default suite's long strategies).
  assert.deepEqual([settingsAfterProbe(original, 36).warmup, settingsAfterProbe(original, 36).runs], [1, 5]);
  assert.equal(settingsAfterProbe(original, 45).runs, 4);
  assert.match(settingsAfterProbe(original, 36).reason, /^a run took 36\.0 s \(the probe, a warmup\): no further warmup; 5 runs fill the 180 s budget \(at most -r 10\)$/);
  const slow = settingsAfterProbe(original, 100);
  assert.equal(slow.runs, MIN_RUNS);
  assert.match(slow.reason, /3 runs, the minimum, although they take longer than the 180 s budget/);
  const quick = settingsAfterProbe(original, LONG_RUN_SECONDS);
  assert.deepEqual([quick.warmup, quick.runs], [1, 10]);
  assert.match(quick.reason, /-r 10 runs, within the 180 s budget/);
  const few = settingsAfterProbe({ ...original, runs: 2 }, 500);
  assert.equal(few.runs, 2);
  assert.match(few.reason, /-r 2 runs \(-r is below the minimum of 3\)/);
  // With -w 0 a long probe is the first run, and no warmup is added.
  assert.equal(settingsAfterProbe({ ...original, warmup: 0 }, 36).warmup, 0);
});

test('--exact (budget 0): -w/-r for every command whatever the probe took; invocations count the warmups', () => {
  const exact = { warmup: 10, runs: 10, budgetSeconds: 0 };
  assert.deepEqual(settingsAfterProbe(exact, 50), givenSettings(exact));
  assert.deepEqual(givenSettings(exact), { warmup: 10, runs: 10, reason: '-w 10 -r 10 as given' });
  assert.equal(invocations(givenSettings(exact)), 20);
});

test('rounds: the same seed gives the same orders, another seed another; every command once per round', () => {
  const names = ['threads-recreate', 'threads-reuse', 'threads-map', 'async-for', 'async-map', 'async-for (A/A)'];
  const orders = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 5 }, () => shuffled(names, random));
  };
  assert.deepEqual(orders(42), orders(42));
  assert.notDeepEqual(orders(42), orders(43));
  for (const order of orders(7)) assert.deepEqual([...order].sort(), [...names].sort());
  // Over many rounds every command is first about as often: no position favours one.
  const random = seededRandom(1);
  const first = new Map<string, number>();
  for (let i = 0; i < 6000; i++) {
    const head = shuffled(names, random)[0] as string;
    first.set(head, (first.get(head) ?? 0) + 1);
  }
  for (const name of names) assert.ok(Math.abs((first.get(name) ?? 0) - 1000) < 150, `${name} first ${first.get(name)} times of 6000`);
});

test('progress: one line per invocation with the round, position and a rough estimate that the first runs correct', () => {
  const lines: string[] = [];
  const progress = new Progress((line) => lines.push(line));
  const recreate = { name: 'threads-recreate', threadStarts: 1000, remaining: 5, times: [] as number[] };
  const asyncFor = { name: 'async-for', threadStarts: 0, remaining: 20, times: [] as number[] };
  progress.announce('suite', [recreate, asyncFor]);
  assert.match(lines[0]!, /^rough estimate for the whole suite: about \d+ (s|min)/);
  const ran = { ...asyncFor, remaining: 19, times: [0.3] };
  progress.invocation(1, ran, { index: 1, of: 10, warmup: true }, [recreate, ran]);
  assert.match(lines[1]!, /^\[round 1\] async-for warmup 1 of 10: 0\.300 s; \d+ s elapsed, about .* left \(rough\)$/);
  progress.invocation(2, { ...ran, times: [0.3, 0.5] }, { index: 1, of: 10, warmup: false }, [], 'exit code 1');
  assert.match(lines[2]!, /^\[round 2\] async-for run 1 of 10: FAILED after 0\.500 s \(exit code 1\)/);
});
