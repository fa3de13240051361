// The client against bad input and broken servers: clear messages, the documented exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { ORIGINAL_STRATEGIES } from '../../src/strategies/registry.ts';
import { freePort, hasStackTrace, runClient, target } from '../helper.ts';

const ORIGINAL_FIVE = ORIGINAL_STRATEGIES.map((s) => s.name);

test('usage errors exit 2 with a clear message', async () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['threads-everything'], {}, new RegExp(`unknown test 'threads-everything'\\. Valid tests: ${ORIGINAL_FIVE.join(', ')}`)],
    [['async-for', '-r', '0'], {}, /REQUESTS must be an integer from 1 to 100000000, got '0'/],
    [['async-for', '-r', 'abc'], {}, /REQUESTS must be an integer from 1 to 100000000, got 'abc'/],
    [['async-for', '-c', '-3'], {}, /CHUNK must be an integer from 1 to 100000000/],
    [['async-for', '-c', '2.5'], {}, /CHUNK must be an integer from 1 to 100000000/],
    [['async-for', '--connections', '0'], {}, /--connections must be an integer from 1 to 65535, got '0'/],
    [['async-for', '--timeout', 'soon'], {}, /--timeout must be an integer from 1 to 2147483647/],
    [['async-for', '--bogus'], {}, /unknown option '--bogus'/],
    [['async-for'], { BENCHMARK_SERVER_PORT: 'eighty' }, /BENCHMARK_SERVER_PORT must be an integer from 1 to 65535, got 'eighty'/],
    [['async-for'], { BENCHMARK_SERVER_PORT: '70000' }, /BENCHMARK_SERVER_PORT must be an integer from 1 to 65535/],
    [['async-for'], { BENCHMARK_SERVER_HOST: 'http://example' }, /BENCHMARK_SERVER_HOST must be a host name or IP address/],
    [[], {}, /missing required argument 'test-name'/],
    [['threads-reuse', '-r', '4'], { BENCHMARK_MAX_THREADS: 'many' }, /BENCHMARK_MAX_THREADS must be a positive integer, got 'many'/],
    [['check', 'threads-map'], { BENCHMARK_MAX_THREADS: '0' }, /BENCHMARK_MAX_THREADS must be a positive integer, got '0'/],
  ];
  for (const [args, env, message] of cases) {
    const result = await runClient(args, env);
    assert.equal(result.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(hasStackTrace(result.stderr), false, result.stderr);
    assert.equal(result.stdout, '');
  }
});

test('list names every strategy with a line on what it does; --help exits 0', async () => {
  const list = await runClient(['list']);
  assert.equal(list.code, 0);
  const lines = list.stdout.trim().split('\n');
  // The original five first, in the original's order; controls may follow.
  assert.deepEqual(lines.slice(0, 5).map((line) => line.split(/\s+/)[0]), ORIGINAL_FIVE);
  for (const line of lines) assert.ok(line.length > 40, line);
  const help = await runClient(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--requests <n>/);
});

/** A server that answers /multiply wrongly in a given way. */
async function brokenServer(mode: 'wrong-result' | 'status-500' | 'reset' | 'not-json' | 'hang') {
  const server = http.createServer((request, response) => {
    const n = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('number'));
    if (mode === 'hang') return; // never answers
    if (mode === 'reset') return request.socket.destroy();
    if (mode === 'status-500') return response.writeHead(500).end('{"result":0}');
    if (mode === 'not-json') return response.writeHead(200).end('<html>');
    // Right for all but one number: a single bad answer must fail the run.
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: n === 3 ? 7 : 2 * n }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port };
}

for (const [mode, reason] of [
  ['wrong-result', /wrong result \(1\)/],
  ['status-500', /HTTP 500 \(10\)/],
  ['reset', /(ECONNRESET|UND_ERR_SOCKET|other side closed)/],
  ['not-json', /response is not JSON \(10\)/],
] as const) {
  for (const strategy of ['async-for', 'threads-reuse']) {
    test(`${strategy} against a server that answers ${mode}: exit 1, failures counted`, async () => {
      const { server, port } = await brokenServer(mode);
      try {
        const result = await runClient([strategy, '-r', '10', '-c', '4', '--json'], target(port));
        assert.equal(result.code, 1, result.stderr);
        const outcome = JSON.parse(result.stdout) as { succeeded: number; failed: number };
        assert.equal(outcome.succeeded + outcome.failed, 10);
        assert.equal(outcome.failed, mode === 'wrong-result' ? 1 : 10);
        assert.match(result.stderr, new RegExp(`error: ${outcome.failed} of 10 requests to http://127\\.0\\.0\\.1:${port}/multiply failed: `));
        assert.match(result.stderr, reason);
        assert.equal(hasStackTrace(result.stderr), false);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  }
}

test('more worker threads than the machine can hold: refused up front with advice, exit 1', async () => {
  // 100,000 isolates would need ~1.7 TB: refused before a single thread starts.
  const result = await runClient(['threads-map', '-r', '100000'], target(1));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /threads-map could not run: threads-map would run 100000 worker threads at once/);
  assert.match(result.stderr, /GiB of memory, more than the .* GiB available/);
  assert.equal(hasStackTrace(result.stderr), false);
});

test('an unreachable server: exit 1, the message names the URL', async () => {
  const port = await freePort();
  for (const strategy of ['async-map', 'threads-map']) {
    const result = await runClient([strategy, '-r', '5'], target(port));
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`5 of 5 requests to http://127\\.0\\.0\\.1:${port}/multiply failed: ECONNREFUSED \\(5\\)`));
  }
});

test('a server that never answers: every request ends at --timeout, exit 1', { timeout: 30_000 }, async () => {
  const { server, port } = await brokenServer('hang');
  try {
    for (const strategy of ['async-for', 'threads-reuse']) {
      const result = await runClient([strategy, '-r', '4', '-c', '2', '--timeout', '300'], target(port));
      assert.equal(result.code, 1);
      assert.match(result.stderr, /timed out after 300 ms \(4\)/);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
