import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runStrategy, runNode, SERVER_CLI, serverStats, startServer, type Started } from '../helper.ts';
import { delaySampler, isZeroDelay, parseDelay } from '../../src/server/delay.ts';

describe('--delay parsing and sampling', () => {
  test('spellings', () => {
    assert.deepEqual(parseDelay('20'), { distribution: 'fixed', ms: 20 });
    assert.deepEqual(parseDelay('fixed:2.5'), { distribution: 'fixed', ms: 2.5 });
    assert.deepEqual(parseDelay('uniform:10,30'), { distribution: 'uniform', min: 10, max: 30 });
    assert.deepEqual(parseDelay('Normal:20,5'), { distribution: 'normal', mean: 20, sd: 5 });
    assert.ok(isZeroDelay(parseDelay('0')));
    assert.ok(!isZeroDelay(parseDelay('uniform:0,1')));
    for (const bad of ['', '-1', 'x', 'fixed:', 'uniform:3', 'uniform:5,2', 'normal:1,2,3', 'poisson:3', 'a:b:c', '1e3']) {
      assert.throws(() => parseDelay(bad), /expected/, bad);
    }
  });

  test('draws stay within the distribution', () => {
    const uniform = delaySampler(parseDelay('uniform:10,30'));
    const normal = delaySampler(parseDelay('normal:1,5'));
    for (let i = 0; i < 10_000; i++) {
      const u = uniform();
      assert.ok(u >= 10 && u <= 30, String(u));
      assert.ok(normal() >= 0);
    }
    assert.equal(delaySampler(parseDelay('7'))(), 7);
  });
});

describe('benchmark-server --delay', () => {
  test('a bad --delay is a usage error with a clear message, no stack trace', async () => {
    const ran = await runNode([SERVER_CLI, '--port', '0', '--delay', 'uniform:5,2']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /MAX is below MIN/);
    assert.doesNotMatch(ran.stderr, /\n\s+at /);
  });

  for (const [spec, atLeast] of [
    ['30', { p50: 30 }],
    ['uniform:20,40', { p50: 20 }],
    ['normal:30,5', { p50: 25, p90: 30 }],
  ] as const) {
    describe(`--delay ${spec}`, () => {
      let server: Started;
      before(async () => {
        server = await startServer(['--delay', spec]);
      });
      after(async () => {
        await server.stop();
      });

      test('latency percentiles are at least the delay; /stats counts every request once', async () => {
        const ran = await runStrategy('async-limit', server.port, ['-r', '60', '-c', '20']);
        assert.equal(ran.code, 0, ran.stderr);
        const outcome = ran.outcome!;
        assert.equal(outcome.succeeded, 60);
        for (const [percentile, ms] of Object.entries(atLeast)) {
          const seen = outcome.latencyMs[percentile as 'p50' | 'p90'];
          assert.ok(seen >= ms, `${percentile} ${seen} ms < ${ms} ms`);
        }
        assert.ok(outcome.latencyMs.max >= outcome.latencyMs.p50);
        assert.equal((await serverStats(server.port)).requests, 60);
      });
    });
  }

  test('the delay is a timer, not a busy wait: /health answers while /multiply waits', async () => {
    const server = await startServer(['--delay', '1500']);
    try {
      const order: string[] = [];
      const slow = fetch(`http://127.0.0.1:${server.port}/multiply?number=21`).then(async (r) => {
        order.push('multiply');
        return r.json();
      });
      // Let the slow request reach the server first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      order.push('health');
      assert.equal(health.status, 200);
      assert.deepEqual(await slow, { result: 42 });
      assert.deepEqual(order, ['health', 'multiply']);
      // /stats counts answered /multiply requests only.
      assert.equal((await serverStats(server.port)).requests, 1);
    } finally {
      await server.stop();
    }
  });

  test('without --delay nothing is delayed', async () => {
    const server = await startServer();
    try {
      const ran = await runStrategy('async-limit', server.port, ['-r', '20', '-c', '5']);
      assert.equal(ran.code, 0, ran.stderr);
      assert.doesNotMatch(server.stderr(), /upstream delay/);
    } finally {
      await server.stop();
    }
  });
});
