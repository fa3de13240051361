// --warm: the clock starts once the strategy can send. Thread pools are started and every
// thread has opened its connection (one GET /health, not a /multiply request) before the
// clock; the async pool opens its connections the same way. threads-recreate readies only
// its first pool: the later ones are the strategy itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measuredRun, serverForTests } from '../helper.ts';

const server = serverForTests();
/** The outcome, and the /multiply requests and connections the server saw during the run. */
const measure = (args: string[]) => measuredRun(server, args);

test('threads-reuse --warm: every thread started and connected before the clock; start-up stays out of elapsedSeconds', async () => {
  const { outcome, requests, connections } = await measure(['threads-reuse', '-r', '30', '-c', '5', '--warm', '--warm-requests', '2']);
  assert.equal(outcome.warm, true);
  assert.ok(outcome.warmupSeconds > 0, 'the warm-up took time, before the clock');
  assert.equal(outcome.threadStartupSeconds, 0, 'no thread started while the clock ran');
  assert.equal(outcome.warmConnections, 5, 'one connection per thread, opened before the clock');
  assert.equal(outcome.connectionsOpened, 5, 'and no other');
  assert.equal(requests, 30, 'the warm-up sent no /multiply request');
  assert.equal(connections, 5);
});

test('threads-reuse without --warm: the same start-up is inside the clock', async () => {
  const { outcome } = await measure(['threads-reuse', '-r', '30', '-c', '5']);
  assert.equal(outcome.warm, false);
  assert.equal(outcome.warmupSeconds, 0);
  assert.equal(outcome.warmConnections, 0);
  assert.ok(outcome.threadStartupSeconds > 0, 'the pool started while the clock ran');
  assert.ok(outcome.threadStartupSeconds <= outcome.elapsedSeconds);
});

test('threads-map --warm: all N threads ready and connected before the clock', async () => {
  const { outcome, requests, connections } = await measure(['threads-map', '-r', '12', '--warm', '--warm-requests', '2']);
  assert.equal(outcome.threadStartupSeconds, 0);
  assert.equal(outcome.warmConnections, 12);
  assert.equal(outcome.connectionsOpened, 12);
  assert.equal(requests, 12);
  assert.equal(connections, 12);
});

test('threads-recreate --warm: only the first pool is ready before the clock; later pools start inside it', async () => {
  const { outcome, requests, connections } = await measure(['threads-recreate', '-r', '30', '-c', '10', '--warm', '--warm-requests', '2']);
  assert.equal(outcome.pools, 3);
  assert.equal(outcome.threads, 30);
  assert.equal(outcome.warmConnections, 10, "the first pool's threads connected before the clock");
  assert.ok(outcome.threadStartupSeconds > 0, 'pools 2 and 3 started while the clock ran');
  assert.equal(outcome.connectionsOpened, 30, 'each pool opens its own connections');
  assert.equal(requests, 30, 'later pools open their connections with their requests, not with /health');
  assert.equal(connections, 30);
});

for (const [strategy, flags, cap] of [
  ['async-for', ['--connections', '4'], 4],
  ['async-map', ['--connections', '4'], 4],
  ['async-limit', ['-c', '6'], 6],
  ['async-chunk', ['-c', '6'], 6],
] as const) {
  test(`${strategy} --warm: the pool's ${cap} connections are open before the clock`, async () => {
    const { outcome, requests, connections } = await measure([strategy, '-r', '30', ...flags, '--warm', '--warm-requests', '2']);
    assert.equal(outcome.warm, true);
    assert.ok(outcome.warmupSeconds > 0);
    assert.equal(outcome.threadStartupSeconds, 0);
    assert.equal(outcome.warmConnections, cap);
    assert.equal(outcome.connectionsOpened, cap, 'the run reused the warm connections');
    assert.equal(requests, 30, 'exactly N /multiply requests');
    assert.equal(connections, cap);
  });
}

test('--warm with fewer requests than connections opens only what the run can use', async () => {
  const { outcome, connections } = await measure(['async-for', '-r', '3', '--warm', '--warm-requests', '2']);
  assert.equal(outcome.warmConnections, 3);
  assert.equal(connections, 3);
});

// Warm means steady state: every worker thread, and the main thread's path, first serves K
// requests (--warm-requests K) through the run's own path, marked so /stats counts them apart.
const K = 4;
for (const [strategy, flags, threads] of [
  ['threads-reuse', ['-c', '5'], 5],
  ['threads-map', ['-r', '6'], 6],
  ['threads-async', ['-c', '6', '--workers', '2'], 2],
  ['async-for', ['--connections', '3'], 0],
  ['async-limit', ['-c', '3'], 0],
] as const) {
  test(`${strategy} --warm --warm-requests ${K}: each of its ${threads} worker threads and the main thread send ${K} warm-up requests, counted apart`, async () => {
    const { outcome, requests, warmupRequests } = await measure([strategy, '-r', '30', ...flags, '--warm', '--warm-requests', String(K)]);
    const n = outcome.requests;
    assert.equal(requests, n, 'exactly N /multiply requests counted as the run');
    assert.equal(outcome.warmRequestsPerThread, K);
    assert.equal(outcome.warmRequests, (threads + 1) * K, 'K per worker thread and K through the main thread');
    assert.equal(warmupRequests, outcome.warmRequests, 'the server counted every one as a warm-up');
  });
}

test('threads-recreate --warm: only its first pool warms (K per thread of it, and K handed over)', async () => {
  const { outcome, warmupRequests } = await measure(['threads-recreate', '-r', '30', '-c', '10', '--warm', '--warm-requests', '2']);
  assert.equal(outcome.warmRequests, 10 * 2 + 2);
  assert.equal(warmupRequests, outcome.warmRequests);
});

test('async-offload --warm: the main thread sends K warm-up requests, their work handed to the pool', async () => {
  const { outcome, requests, warmupRequests } = await measure(['async-offload', '-r', '20', '--warm', '--warm-requests', '3', '--work-ms', '0.2']);
  assert.equal(requests, 20);
  assert.equal(outcome.warmRequests, 3, 'its workers send no request: they do the work only');
  assert.equal(warmupRequests, 3);
});

test('--warm-requests 0: pools ready and connections open, no warm-up request', async () => {
  const { outcome, warmupRequests, connections } = await measure(['threads-reuse', '-r', '10', '-c', '2', '--warm', '--warm-requests', '0']);
  assert.equal(outcome.warmRequests, 0);
  assert.equal(warmupRequests, 0);
  assert.equal(outcome.warmConnections, 2);
  assert.equal(connections, 2);
});

test('without --warm no warm-up request is sent, whatever --warm-requests says', async () => {
  const { outcome, warmupRequests } = await measure(['threads-reuse', '-r', '10', '-c', '2', '--warm-requests', '50']);
  assert.equal(outcome.warm, false);
  assert.equal(outcome.warmRequests, 0);
  assert.equal(outcome.warmRequestsPerThread, 0);
  assert.equal(warmupRequests, 0);
});

test('the final teardown is timed apart: the clock stops at the last verified answer', async () => {
  for (const args of [['threads-map', '-r', '12', '--warm', '--warm-requests', '2'], ['async-for', '-r', '12'], ['threads-recreate', '-r', '12', '-c', '4']]) {
    const { outcome } = await measure(args);
    assert.ok(outcome.teardownSeconds > 0, `${args[0]}: teardown measured (${outcome.teardownSeconds})`);
    // The last answer is the end of the clock: from the start to it is the whole elapsed time.
    assert.ok(outcome.latencyFromStartMs.max <= outcome.elapsedSeconds * 1000, args[0]);
    assert.ok(new Date(outcome.endTime).getTime() >= new Date(outcome.startTime).getTime());
  }
});
