// The registry says, for every strategy, which side of the question it stands for, and
// describes its thread pools, connections and requests in flight truthfully, without
// building anything proportional to N (checking a huge run must be instant).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStrategy, liveThreads, ORIGINAL_STRATEGIES, runSizes, STRATEGIES, totalThreads, type StrategyEntry } from '../../src/strategies/registry.ts';

const entry = (name: string): StrategyEntry => findStrategy(name) ?? assert.fail(`no strategy ${name}`);

test('every strategy has a side: thread designs are threads, async and controls the event loop, noop none', () => {
  const sides = Object.fromEntries(STRATEGIES.map((s) => [s.name, s.side]));
  assert.deepEqual(sides, {
    'threads-recreate': 'threads',
    'threads-reuse': 'threads',
    'threads-map': 'threads',
    'async-for': 'event loop',
    'async-map': 'event loop',
    'threads-async': 'threads',
    'async-offload': 'threads',
    'async-chunk': 'event loop',
    'async-limit': 'event loop',
    noop: 'none',
  });
  // async-offload is a thread design whose requests run on the main thread.
  assert.equal(entry('async-offload').requestsOn, 'main thread');
  assert.equal(entry('threads-async').requestsOn, 'worker threads');
});

test('the two new thread designs come right after the original five, kind thread, swept by default, each with its own colour', () => {
  const names = STRATEGIES.map((s) => s.name);
  assert.deepEqual(names.slice(0, 7), [...ORIGINAL_STRATEGIES.map((s) => s.name), 'threads-async', 'async-offload']);
  for (const name of ['threads-async', 'async-offload']) {
    const s = entry(name);
    assert.equal(s.kind, 'thread');
    assert.equal(s.original, false);
    assert.equal(s.sweptByDefault, true);
  }
  const colours = STRATEGIES.map((s) => s.color);
  assert.equal(new Set(colours).size, colours.length, 'every colour distinct');
});

test('threads-async: one pool of W workers, never more than N, C or the connections; connections and C split across them', () => {
  const s = entry('threads-async');
  assert.deepEqual(s.pools(runSizes(200, 20, { workers: 2 })), { count: 1, size: 2 });
  assert.deepEqual(s.pools(runSizes(200, 20, { workers: 64 })), { count: 1, size: 20 }, 'no worker without a request in flight');
  assert.deepEqual(s.pools(runSizes(3, 20, { workers: 8 })), { count: 1, size: 3 });
  assert.deepEqual(s.pools(runSizes(200, 20, { workers: 8, connections: 5 })), { count: 1, size: 5 }, 'no worker without a connection');
  assert.equal(s.connections(runSizes(200, 20, { connections: 100 })), 20, 'only as many connections as requests in flight');
  assert.equal(s.connections(runSizes(200, 20, { connections: 7 })), 7);
  assert.equal(s.inFlight(runSizes(200, 20)), 200, 'all N submitted at once');
  assert.equal(liveThreads(s, 200, 20, { workers: 3 }), 3);
});

test('async-offload: a pool of W workers (N at most) for the work; connections as async-for', () => {
  const s = entry('async-offload');
  assert.deepEqual(s.pools(runSizes(100, 10, { workers: 4 })), { count: 1, size: 4 });
  assert.deepEqual(s.pools(runSizes(2, 10, { workers: 4 })), { count: 1, size: 2 });
  assert.equal(s.connections(runSizes(100, 10, { connections: 30 })), entry('async-for').connections(runSizes(100, 10, { connections: 30 })));
  assert.equal(s.inFlight(runSizes(100, 10)), 100);
});

test('pools are a description: threads-recreate at any N is checked at once, with no list of pools', () => {
  const recreate = entry('threads-recreate');
  for (const requests of [200_000, 30_000_000, Number.MAX_SAFE_INTEGER]) {
    assert.equal(liveThreads(recreate, requests, 1), 1);
    assert.equal(totalThreads(recreate, requests, 1), requests);
  }
  assert.deepEqual(recreate.pools(runSizes(60, 16)), { count: 4, size: 16 });
  assert.equal(totalThreads(recreate, 60, 16), 64);
  assert.equal(liveThreads(entry('threads-map'), 1000, 100), 1000);
  assert.equal(liveThreads(entry('async-for'), 1000, 100), 0);
  assert.deepEqual(entry('threads-async').pools(runSizes(200, 20, { workers: 2 })), { count: 1, size: 2 });
  assert.deepEqual(entry('async-for').pools(runSizes(200, 20)), { count: 0, size: 0 });
});

test('benchmark list --json gives every strategy its side', async () => {
  const { runClient } = await import('../helper.ts');
  const ran = await runClient(['list', '--json']);
  assert.equal(ran.code, 0, ran.stderr);
  const listed = JSON.parse(ran.stdout) as { name: string; side: string }[];
  assert.deepEqual(
    listed.map(({ name, side }) => [name, side]),
    STRATEGIES.map((s) => [s.name, s.side]),
  );
});
