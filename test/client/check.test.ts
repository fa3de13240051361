// benchmark check: the thread budget's verdict, without running anything. --json prints it
// whole (other parts build "did not fit" rows from it); the exit code says whether it fits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThreadBudget } from '../../src/strategies/thread-budget.ts';
import { hasStackTrace, runClient } from '../helper.ts';

/** What check --json prints: the budget, and whether BENCHMARK_SKIP_THREAD_CHECK skipped it. */
type Verdict = ThreadBudget & { skipped: boolean };

async function check(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runClient(['check', ...args, '--json'], env);
  const verdict = JSON.parse(result.stdout) as Verdict;
  return { result, verdict };
}

test('check --json: the verdict for the threads the strategy would start', async () => {
  for (const [strategy, threads] of [
    ['threads-map', 40],
    ['threads-reuse', 8],
    ['threads-recreate', 8],
    ['async-for', 0],
    ['threads-async', 3],
    ['async-offload', 3],
  ] as const) {
    const { result, verdict } = await check([strategy, '-r', '40', '-c', '8', '--workers', '3']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(verdict.strategy, strategy);
    assert.equal(verdict.threads, threads);
    assert.equal(verdict.fits, true);
    assert.equal(verdict.needMiB, Math.ceil(verdict.baseMiB + threads * verdict.mibPerThread));
    assert.equal(verdict.needMaps, verdict.baseMaps + threads * verdict.mapsPerThread);
    assert.ok(verdict.availableMiB > 0);
    assert.equal(verdict.maxMapCount, Number((await import('node:fs')).readFileSync('/proc/sys/vm/max_map_count', 'utf8')));
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.advice, '');
    assert.equal(verdict.cap, null);
  }
});

test('threads-map with 1000 threads fits the default vm.max_map_count (65,530) by the measured model', async () => {
  const { verdict } = await check(['threads-map', '-r', '1000', '-c', '100']);
  assert.ok(verdict.needMaps <= 65_530, `1000 threads need ${verdict.needMaps} mappings`);
});

test('does not fit: exit 1, the verdict still printed, with readable problems and the way out', async () => {
  const { result, verdict } = await check(['threads-map', '-r', '20'], { BENCHMARK_MAX_THREADS: '8', BENCHMARK_MEMORY_LIMIT_MIB: '200' });
  assert.equal(result.code, 1);
  assert.equal(verdict.fits, false);
  assert.equal(verdict.cap, 8);
  assert.equal(verdict.availableMiB, 200);
  assert.equal(verdict.maxThreads, Math.min(8, Math.floor((200 - verdict.baseMiB) / verdict.mibPerThread)));
  assert.deepEqual(verdict.problems, [
    'That is more than the BENCHMARK_MAX_THREADS=8 this machine allows.',
    `It needs about ${(verdict.needMiB / 1024).toFixed(1)} GiB of memory, more than the 0.2 GiB available.`,
  ]);
  assert.match(verdict.advice, new RegExp(`^At most ${verdict.maxThreads} worker threads fit here: use fewer requests .* Use a machine \\(or container limit\\) with more memory\\. Set BENCHMARK_SKIP_THREAD_CHECK=1 to try anyway\\.$`));
  // The human message on stderr is one line made of the same sentences.
  assert.match(result.stderr, /^error: threads-map would run 20 worker threads at once; each is a V8 isolate .*BENCHMARK_MAX_THREADS=8.*try anyway\.\n$/);
  assert.equal(hasStackTrace(result.stderr), false);
});

test('BENCHMARK_SKIP_THREAD_CHECK=1: the truth in the verdict, exit 0', async () => {
  const { result, verdict } = await check(['threads-map', '-r', '20'], { BENCHMARK_MAX_THREADS: '8', BENCHMARK_SKIP_THREAD_CHECK: '1' });
  assert.equal(result.code, 0);
  assert.equal(verdict.fits, false);
  assert.equal(verdict.skipped, true);
  const human = await runClient(['check', 'threads-map', '-r', '20'], { BENCHMARK_MAX_THREADS: '8', BENCHMARK_SKIP_THREAD_CHECK: '1' });
  assert.equal(human.code, 0);
  assert.match(human.stdout, /does not fit, run anyway \(BENCHMARK_SKIP_THREAD_CHECK=1\)/);
});

test('without --json: one line saying it fits', async () => {
  const result = await runClient(['check', 'threads-reuse', '-r', '10', '-c', '5']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'threads-reuse: fits (5 worker threads at once)\n');
});

test('threads-async and async-offload default to one worker per core; threads-async never more than C or --connections', async () => {
  const cores = (await import('node:os')).availableParallelism();
  for (const strategy of ['threads-async', 'async-offload']) {
    const { verdict } = await check([strategy, '-r', '1000', '-c', '100']);
    assert.equal(verdict.threads, cores, strategy);
  }
  assert.equal((await check(['threads-async', '-r', '1000', '-c', '4', '--workers', '16'])).verdict.threads, 4);
  assert.equal((await check(['threads-async', '-r', '1000', '--connections', '3', '--workers', '16'])).verdict.threads, 3);
});

test('BENCHMARK_SKIP_THREAD_CHECK takes the boolean spellings; any other is exit 2 before anything starts, for check, a run and the suite', async () => {
  for (const args of [['check', 'threads-map', '-r', '4'], ['threads-reuse', '-r', '2'], ['suite', '-s', 'async-for', '-q', '2']]) {
    const result = await runClient(args, { BENCHMARK_SKIP_THREAD_CHECK: 'maybe' });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^error: BENCHMARK_SKIP_THREAD_CHECK must be one of 1, true, yes, on, 0, false, no, off, got 'maybe'$/m);
    assert.equal(hasStackTrace(result.stderr), false);
  }
  const { result, verdict } = await check(['threads-map', '-r', '4'], { BENCHMARK_SKIP_THREAD_CHECK: 'yes' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(verdict.skipped, true);
});
