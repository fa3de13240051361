// Each strategy against a real server on loopback: exactly N verified requests, and
// the concurrency it claims (threads, pools, connections) shown by its --json outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES } from '../../src/strategies/registry.ts';
import { measuredRun, runClient, serverForTests, target, type Outcome } from '../helper.ts';

const N = 60;
const C = 16;

const server = serverForTests();

/** Runs a strategy at N and C; its outcome and what the server saw meanwhile. */
const measure = (name: string, extra: string[] = []) => measuredRun(server, [name, '-r', String(N), '-c', String(C), ...extra]);

function assertAllVerified(outcome: Outcome, requests: number): void {
  assert.equal(outcome.requests, N);
  assert.equal(outcome.succeeded, N);
  assert.equal(outcome.failed, 0);
  assert.equal(requests, N, 'the server answered exactly N multiply requests');
  assert.ok(outcome.elapsedSeconds > 0);
  assert.ok(outcome.latencyMs.p50 > 0 && outcome.latencyMs.p50 <= outcome.latencyMs.p90);
  assert.ok(outcome.latencyMs.p90 <= outcome.latencyMs.p99 && outcome.latencyMs.p99 <= outcome.latencyMs.max);
  assert.ok(outcome.peakRssBytes > 10 * 1024 * 1024);
}

test('threads-recreate: ceil(N/C) pools of C threads, one after another', async () => {
  const { outcome, requests, connections } = await measure('threads-recreate');
  assertAllVerified(outcome, requests);
  assert.equal(outcome.pools, Math.ceil(N / C));
  assert.equal(outcome.threads, Math.ceil(N / C) * C);
  // Each chunk is handed over whole, and only once the previous one is answered.
  assert.equal(outcome.maxConcurrency, C, 'one whole chunk in flight at a time');
  // Every pool's threads open their own connections: at least one per request in the first chunks.
  assert.ok(connections >= N - C, `new connections per pool, saw ${connections}`);
});

test('threads-reuse: one pool of C threads, at most C in flight', async () => {
  const { outcome, requests, connections } = await measure('threads-reuse');
  assertAllVerified(outcome, requests);
  assert.equal(outcome.pools, 1);
  assert.equal(outcome.threads, C);
  assert.equal(outcome.maxConcurrency, C, 'one whole chunk in flight at a time');
  // One keep-alive connection per thread, reused across chunks (+1 for the /stats fetch).
  assert.ok(outcome.connectionsOpened <= C);
  assert.ok(connections <= C + 1, `connections reused across chunks, saw ${connections}`);
});

test('threads-map: one pool of N threads', async () => {
  const { outcome, requests } = await measure('threads-map');
  assertAllVerified(outcome, requests);
  assert.equal(outcome.pools, 1);
  assert.equal(outcome.threads, N);
  assert.equal(outcome.connections, N);
  // All N handed over to the pool at once: counted in flight from submission, waiting for a thread included.
  assert.equal(outcome.maxConcurrency, N);
});

for (const name of STRATEGIES.filter((s) => s.kind === 'async').map((s) => s.name)) {
  test(`${name}: no threads, never more than --connections connections`, async () => {
    const { outcome, requests, connections } = await measure(name, ['--connections', '5']);
    assertAllVerified(outcome, requests);
    assert.equal(outcome.test, name);
    assert.equal(outcome.threads, 0);
    assert.equal(outcome.pools, 0);
    assert.equal(outcome.connections, 5);
    assert.ok(outcome.connectionsOpened >= 1 && outcome.connectionsOpened <= 5, `opened ${outcome.connectionsOpened}`);
    assert.ok(connections <= 5 + 1, `server accepted ${connections}`);
    // All N requests are started at once; those beyond the cap wait for a pooled connection.
    assert.equal(outcome.maxConcurrency, N);
  });
}

test('the original spelling with underscores works, and the human output has the original lines', async () => {
  const result = await runClient(['async_map', '-r', '10'], target(server.port));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^URL: http://127\\.0\\.0\\.1:${server.port}/multiply$`, 'm'));
  assert.match(result.stdout, /^Start time: .+$/m);
  assert.match(result.stdout, /^Elapsed time: \d+\.\d{6} seconds$/m);
  assert.match(result.stdout, /^End time: .+$/m);
  assert.match(result.stdout, /^Verified: 10\/10 succeeded, 0 failed$/m);
});

test('--json keeps stdout to one JSON object; the human lines go to stderr', async () => {
  const result = await runClient(['async-for', '-r', '3', '--json'], target(server.port));
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim().split('\n').length, 1);
  assert.equal((JSON.parse(result.stdout) as Outcome).succeeded, 3);
  assert.match(result.stderr, /Elapsed time: /);
});

test('defaults are the original ones: 100 requests, chunk 100', async () => {
  const result = await runClient(['threads-reuse', '--json'], target(server.port));
  const defaults = JSON.parse(result.stdout) as Outcome & { chunk: number };
  assert.equal(defaults.requests, 100);
  assert.equal(defaults.chunk, 100);
  assert.equal(defaults.threads, 100);
});
