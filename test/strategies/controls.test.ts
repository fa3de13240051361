import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES } from '../../src/strategies/registry.ts';
import { CLIENT_CLI, measuredRun, runNode, serverForTests } from '../helper.ts';

const CONTROLS = STRATEGIES.filter((s) => s.kind === 'control').map((s) => s.name);

describe('control strategies against a real server', () => {
  const server = serverForTests();
  /** Runs one strategy; its outcome and the requests and connections the server saw meanwhile. */
  const measured = (strategy: string, flags: string[]) => measuredRun(server, [strategy, ...flags]);

  for (const [requests, chunk] of [
    [200, 16],
    [101, 10],
    [5, 8],
  ] as const) {
    test(`async-chunk: exactly ${requests} requests, never more than C=${chunk} in flight`, async () => {
      const { outcome, requests: seen, connections } = await measured('async-chunk', ['-r', String(requests), '-c', String(chunk)]);
      assert.equal(seen, requests);
      assert.equal(outcome.succeeded, requests);
      assert.equal(outcome.failed, 0);
      assert.equal(outcome.threads, 0);
      const c = Math.min(requests, chunk);
      assert.ok(outcome.maxConcurrency <= c, `max in flight ${outcome.maxConcurrency} > ${c}`);
      assert.ok(outcome.maxConcurrency >= 1);
      assert.equal(outcome.connections, c);
      assert.ok(connections <= c, `server saw ${connections} connections, cap ${c}`);
    });

    test(`async-limit: exactly ${requests} requests, never more than C=${chunk} in flight`, async () => {
      const { outcome, requests: seen, connections } = await measured('async-limit', ['-r', String(requests), '-c', String(chunk)]);
      assert.equal(seen, requests);
      assert.equal(outcome.succeeded, requests);
      assert.equal(outcome.failed, 0);
      const c = Math.min(requests, chunk);
      assert.ok(outcome.maxConcurrency <= c, `max in flight ${outcome.maxConcurrency} > ${c}`);
      assert.equal(outcome.connections, c);
      assert.ok(connections <= c, `server saw ${connections} connections, cap ${c}`);
    });
  }

  test('async-limit keeps its window full: C requests really are in flight together', async () => {
    // Each lane starts its first request before any can finish, so the window fills to C.
    const { outcome } = await measured('async-limit', ['-r', '300', '-c', '20']);
    assert.equal(outcome.maxConcurrency, 20);
  });

  test('async-chunk with C=1: one request at a time over one connection', async () => {
    const { outcome, requests } = await measured('async-chunk', ['-r', '30', '-c', '1']);
    assert.equal(requests, 30);
    assert.equal(outcome.maxConcurrency, 1);
    assert.equal(outcome.connectionsOpened, 1);
  });

  test('noop performs no request, exits 0 and reports 0 requests', async () => {
    const { outcome, requests } = await measured('noop', ['-r', '1000']);
    assert.equal(requests, 0);
    assert.equal(outcome.requests, 0);
    assert.equal(outcome.succeeded, 0);
    assert.equal(outcome.failed, 0);
    assert.equal(outcome.maxConcurrency, 0);
    assert.equal(outcome.connectionsOpened, 0);
  });

  test('noop needs no server at all (start-up only)', async () => {
    const ran = await runNode([CLIENT_CLI, 'noop', '--json'], { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: '1' });
    assert.equal(ran.code, 0, ran.stderr);
  });

  test('the controls fail like the others when the server is unreachable', async () => {
    for (const strategy of CONTROLS) {
      const ran = await runNode([CLIENT_CLI, strategy, '-r', '3', '--timeout', '2000'], {
        BENCHMARK_SERVER_HOST: '127.0.0.1',
        BENCHMARK_SERVER_PORT: '1',
      });
      assert.equal(ran.code, 1, `${strategy}: ${ran.stderr}`);
      assert.match(ran.stderr, /3 of 3 requests/);
    }
  });

  test('benchmark list documents the controls', async () => {
    const ran = await runNode([CLIENT_CLI, 'list']);
    assert.equal(ran.code, 0);
    for (const name of STRATEGIES.filter((s) => !s.original).map((s) => s.name)) assert.match(ran.stdout, new RegExp(`^${name}\\s+\\S`, 'm'));
  });
});
